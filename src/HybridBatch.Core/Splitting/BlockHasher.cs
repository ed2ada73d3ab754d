using System.IO.Hashing;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Cuts the bytes it is given into blocks of a fixed size, counted from the first byte it was given, and keeps each
/// block's hash (<see cref="ChunkContentHash"/>): the one place a chunk's content hashes are computed, by the
/// one-thread split (a chunk's bytes as they pass) and by each piece of the parallel split (its share of a chunk).
/// </summary>
internal sealed class BlockHasher
{
    private readonly XxHash3 _block = new();
    private readonly List<string> _hashes = [];
    private readonly int _blockBytes;
    private int _inBlock;

    public BlockHasher(int blockBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        _blockBytes = blockBytes;
    }

    public int BlockBytes => _blockBytes;

    /// <summary>The hashes of the blocks ended so far.</summary>
    public IReadOnlyList<string> Hashes => _hashes;

    /// <summary>Takes the next bytes, in order.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int take = Math.Min(bytes.Length, _blockBytes - _inBlock);
            _block.Append(bytes[..take]);
            _inBlock += take;
            bytes = bytes[take..];
            if (_inBlock == _blockBytes)
            {
                EndBlock();
            }
        }
    }

    /// <summary>
    /// Takes the hashes of whole blocks hashed elsewhere (a piece of the parallel split), which follow the blocks
    /// ended here; only between blocks, since a block cannot be continued from another thread's hash state.
    /// </summary>
    public void AppendHashed(IEnumerable<string> hashes)
    {
        if (_inBlock > 0)
        {
            throw new InvalidOperationException($"block hashes were handed over with {_inBlock} bytes of a block still open");
        }

        _hashes.AddRange(hashes);
    }

    /// <summary>Ends the last block, shorter than the others, if it has bytes; call after the last byte.</summary>
    public IReadOnlyList<string> Finish()
    {
        if (_inBlock > 0)
        {
            EndBlock();
        }

        return _hashes;
    }

    private void EndBlock()
    {
        _hashes.Add(ChunkContentHash.Format(_block.GetCurrentHashAsUInt64()));
        _block.Reset();
        _inBlock = 0;
    }
}
