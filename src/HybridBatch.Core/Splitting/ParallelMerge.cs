using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Puts the parallel split's pieces back together as one pass over the whole input would have seen them: each chunk's
/// <see cref="ChunkFacts"/> fed its records and rejects in input order and its block hashes (so the plan entries are
/// the one-thread split's), and the rejects made global and written in input order through one
/// <see cref="RejectWriter"/> (so its first errors and reason counts are the one-thread split's).
/// </summary>
/// <remarks>
/// The pieces hashed the input's blocks (<see cref="ChunkContentHash"/>) as they validated it. A chunk's blocks are
/// those blocks but where a chunk starts inside one: that block is read once more, checked whole against the hash its
/// piece computed (a difference means the input changed since it was validated: <c>changed</c>), and hashed in parts.
/// That is the only input the merge reads, at most a block per chunk start.
/// </remarks>
internal sealed class ParallelMerge
{
    private readonly SplitOptions _options;
    private readonly FramedInput _input;
    private readonly IReadOnlyList<ChunkBounds> _chunks;
    private readonly IReadOnlyList<PieceOutcome> _pieces;
    private readonly RejectWriter _rejects;
    private readonly RangeReader _read;
    private readonly Func<string, Exception> _changed;
    private long _rereadIndex = -1;
    private byte[] _reread = [];

    /// <remarks><paramref name="pieces"/>: every piece, in input order, the ranges of <paramref name="input"/>.</remarks>
    public ParallelMerge(SplitOptions options, FramedInput input, IReadOnlyList<ChunkBounds> chunks, IReadOnlyList<PieceOutcome> pieces,
        RejectWriter rejects, RangeReader read, Func<string, Exception> changed)
    {
        _options = options;
        _input = input;
        _chunks = chunks;
        _pieces = pieces;
        _rejects = rejects;
        _read = read;
        _changed = changed;
    }

    public async Task<SplitOutcome> MergeAsync(IReadOnlyList<string>? header, CancellationToken cancellationToken)
    {
        var facts = new List<ChunkFacts>(_chunks.Count);
        var blocks = new HashBlocks(_pieces[0].Piece.HashStart, _pieces[^1].Piece.HashEnd, 0, _options.HashBlockBytes);
        string[] hashes = [.. _pieces.SelectMany(p => p.Hashes)];
        if (hashes.Length != blocks.Count)
        {
            throw new InvalidOperationException($"the parallel split's pieces hashed {hashes.Length} blocks of bytes [{blocks.Start}, {blocks.End}), which has {blocks.Count}");
        }

        foreach (ChunkBounds chunk in _chunks)
        {
            var chunkFacts = new ChunkFacts(chunk.ChunkId, chunk.StartIndex, chunk.ByteStart, chunk.FirstLine, _options.HashBlockBytes);
            chunkFacts.AppendHashedBlocks(await ChunkHashesAsync(chunk, blocks, hashes, cancellationToken).ConfigureAwait(false));
            facts.Add(chunkFacts);
        }

        AddRecords(facts);
        var entries = new List<ChunkPlanEntry>(_chunks.Count);
        for (int i = 0; i < _chunks.Count; i++)
        {
            entries.Add(facts[i].Close(_chunks[i].ByteEnd));
        }

        return SplitOutcome.Of(entries, header, _input.Records, _input.Records - _rejects.Count, _input.End, [], _rejects);
    }

    // The chunk's blocks: the input's, but for those a chunk start (this one's or the next's) cuts, which are read again.
    private async Task<List<string>> ChunkHashesAsync(ChunkBounds chunk, HashBlocks input, string[] hashes, CancellationToken cancellationToken)
    {
        var own = new HashBlocks(chunk.ByteStart, chunk.ByteEnd, 0, _options.HashBlockBytes);
        var result = new List<string>((int)own.Count);
        for (long i = 0; i < own.Count; i++)
        {
            (long start, long end) = (own.BlockStart(i), own.BlockEnd(i));
            long j = input.IndexOf(start);
            if (input.BlockStart(j) == start && input.BlockEnd(j) == end)
            {
                result.Add(hashes[j]);
                continue;
            }

            byte[] whole = await RereadAsync(input, j, hashes[j], cancellationToken).ConfigureAwait(false);
            long from = input.BlockStart(j);
            result.Add(ChunkContentHash.Of(whole.AsSpan((int)(start - from), (int)(end - start))));
        }

        return result;
    }

    // Block j of the input as validated: read again (once, however many chunk starts it holds) and checked whole.
    private async Task<byte[]> RereadAsync(HashBlocks input, long j, string expected, CancellationToken cancellationToken)
    {
        if (_rereadIndex == j)
        {
            return _reread;
        }

        (long start, long end) = (input.BlockStart(j), input.BlockEnd(j));
        byte[] bytes = new byte[end - start];
        int got;
        await using (Stream block = await _read(start, end, cancellationToken).ConfigureAwait(false))
        {
            got = await block.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        string actual = ChunkContentHash.Of(bytes.AsSpan(0, got));
        if (got < bytes.Length || actual != expected)
        {
            throw _changed($"bytes [{start}, {end}) hashed to {expected} when they were validated and to {actual} ({got} bytes) when read again to cut a chunk in them");
        }

        (_rereadIndex, _reread) = (j, bytes);
        return bytes;
    }

    // Every piece's records, in input order, to the chunks that hold them; every reject, made global, to the writer.
    private void AddRecords(List<ChunkFacts> facts)
    {
        int chunk = 0;
        for (int p = 0; p < _pieces.Count; p++)
        {
            foreach ((RejectedRecord own, bool timedOut) in _pieces[p].Rejects.ReadAll())
            {
                (long index, long line) = _input.Global(p, own.Index, own.Line);
                for (; index >= _chunks[chunk].EndIndex; chunk++)
                {
                    facts[chunk].AddValid(_chunks[chunk].EndIndex - facts[chunk].NextIndex);
                }

                facts[chunk].AddValid(index - facts[chunk].NextIndex);
                facts[chunk].AddRejected(timedOut);
                RejectedRecord rejected = own with { Index = index, Line = line };
                _rejects.Write(rejected, new ValidationError(rejected.Field, rejected.Reason).ToString());
            }
        }

        for (; chunk < _chunks.Count; chunk++)
        {
            facts[chunk].AddValid(_chunks[chunk].EndIndex - facts[chunk].NextIndex);
        }

        for (int i = 0; i < _chunks.Count; i++)
        {
            if (facts[i].NextIndex != _chunks[i].EndIndex)
            {
                throw new InvalidOperationException($"the parallel split's pieces gave chunk {i} records {_chunks[i].StartIndex} to {facts[i].NextIndex - 1}, not to {_chunks[i].EndIndex - 1}");
            }
        }
    }
}
