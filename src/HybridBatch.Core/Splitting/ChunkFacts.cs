using System.IO.Hashing;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// What the split learns about one chunk as its bytes pass, and what a worker needs to publish it without judging
/// the records again: the hashes of its bytes (<see cref="ChunkContentHash"/>) and the indices of the records it
/// rejected. Every split (one thread or parallel) fills one per chunk: <see cref="Append"/> every byte of the chunk's
/// range in order, <see cref="Reject"/> every rejected record in index order, then <see cref="Complete"/>.
/// </summary>
public sealed class ChunkFacts
{
    /// <summary>
    /// The most rejected indices one chunk lists. Beyond it the chunk lists none and is marked
    /// <see cref="ChunkPlanEntry.Revalidate"/>: its worker validates every record again, as before. The bound comes
    /// from Step Functions: the Distributed Map hands each chunk entry to a child execution whose input may not exceed
    /// 256 KiB, and 10,000 indices of up to 10 digits take at most 110 KB of it. With the default gate (at most 1%
    /// rejected over the whole input) a 290,000-record chunk lists about 2,900 unless the rejects cluster in it or the
    /// gate is loosened.
    /// </summary>
    public const int MaxListedRejects = 10_000;

    private readonly XxHash3 _block = new();
    private readonly List<string> _hashes = [];
    private List<long>? _rejected = [];
    private List<long>? _patternTimeouts;
    private int _inBlock;

    /// <summary>Records rejected so far, listed or not.</summary>
    public long Rejected { get; private set; }

    /// <summary>Takes the next bytes of the chunk's range.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int take = Math.Min(bytes.Length, ChunkContentHash.BlockBytes - _inBlock);
            _block.Append(bytes[..take]);
            _inBlock += take;
            bytes = bytes[take..];
            if (_inBlock == ChunkContentHash.BlockBytes)
            {
                EndBlock();
            }
        }
    }

    /// <summary>Notes that the split rejected record <paramref name="index"/>; indices must ascend.</summary>
    public void Reject(long index, bool patternTimedOut)
    {
        Rejected++;
        if (_rejected is not null)
        {
            if (_rejected.Count == MaxListedRejects)
            {
                _rejected = null;
            }
            else
            {
                _rejected.Add(index);
            }
        }

        if (patternTimedOut)
        {
            (_patternTimeouts ??= []).Add(index);
        }
    }

    /// <summary>
    /// <paramref name="entry"/> with this chunk's facts: <see cref="ChunkPlanEntry.Rejected"/>, the pattern timeouts,
    /// the hashes and the rejected indices (or the revalidate mark). Call once, after the chunk's last byte.
    /// </summary>
    public ChunkPlanEntry Complete(ChunkPlanEntry entry)
    {
        if (_inBlock > 0)
        {
            EndBlock();
        }

        return entry with
        {
            Rejected = Rejected,
            PatternTimeouts = _patternTimeouts,
            HashBlockBytes = ChunkContentHash.BlockBytes,
            ContentHashes = _hashes,
            RejectedIndices = _rejected,
            Revalidate = _rejected is null,
        };
    }

    private void EndBlock()
    {
        _hashes.Add(ChunkContentHash.Format(_block.GetCurrentHashAsUInt64()));
        _block.Reset();
        _inBlock = 0;
    }
}
