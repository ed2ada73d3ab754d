using System.IO.Hashing;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Cuts the bytes it is given into the blocks of <see cref="ChunkContentHash"/> (at the multiples of the block size,
/// the first byte it is given being at offset <c>start</c>) and keeps each block's hash: the one place content hashes
/// are computed, by the one-thread split (a chunk's bytes as they pass) and by each piece of the parallel split (its
/// share of the input).
/// </summary>
internal sealed class BlockHasher
{
    private readonly XxHash3 _block = new();
    private readonly List<string> _hashes = [];
    private readonly int _blockBytes;
    private int _inBlock;
    private int _blockLeft;

    /// <param name="blockBytes">The block size.</param>
    /// <param name="start">Offset of the first byte given: its block ends at the next multiple of <paramref name="blockBytes"/>.</param>
    public BlockHasher(int blockBytes, long start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        _blockBytes = blockBytes;
        _blockLeft = (int)(blockBytes - (start % blockBytes));
    }

    public int BlockBytes => _blockBytes;

    /// <summary>The hashes of the blocks ended so far.</summary>
    public IReadOnlyList<string> Hashes => _hashes;

    /// <summary>Takes the next bytes, in order.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int take = Math.Min(bytes.Length, _blockLeft);
            _block.Append(bytes[..take]);
            _inBlock += take;
            _blockLeft -= take;
            bytes = bytes[take..];
            if (_blockLeft == 0)
            {
                EndBlock();
            }
        }
    }

    /// <summary>
    /// Takes the hashes of whole blocks hashed elsewhere (the parallel split's merge), which follow the blocks ended
    /// here; only between blocks, since a block cannot be continued from another thread's hash state. The next byte
    /// given after them starts a whole block.
    /// </summary>
    public void AppendHashed(IEnumerable<string> hashes)
    {
        if (_inBlock > 0)
        {
            throw new InvalidOperationException($"block hashes were handed over with {_inBlock} bytes of a block still open");
        }

        _hashes.AddRange(hashes);
        _blockLeft = _blockBytes;
    }

    /// <summary>Ends the last block, cut short by the end of the bytes, if it has bytes; call after the last byte.</summary>
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
        _blockLeft = _blockBytes;
    }
}
