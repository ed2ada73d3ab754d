using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The input's blocks (<see cref="ChunkContentHash"/>) as the parallel split's pieces validated and hashed them, for
/// what the merge reads again: each block read whole and checked against its piece's hash before any of its bytes is
/// used, so where chunks start (framed again from a checkpoint) and how a block a chunk start cuts is hashed come from
/// the very bytes that were validated; other bytes fail the split with <c>changed</c> ("object changed"). Keeps the
/// last few blocks, since a chunk start's lookup and its block's hashing read the same one.
/// </summary>
internal sealed class VerifiedBlocks
{
    private const int Kept = 4;

    private readonly RangeReader _read;
    private readonly IReadOnlyList<string> _hashes;
    private readonly Func<string, Exception> _changed;
    private readonly LinkedList<(long Index, byte[] Bytes)> _kept = new();

    /// <remarks><paramref name="hashes"/>: the hash of every block of <paramref name="blocks"/>, in order.</remarks>
    public VerifiedBlocks(RangeReader read, HashBlocks blocks, IReadOnlyList<string> hashes, Func<string, Exception> changed)
    {
        if (hashes.Count != blocks.Count)
        {
            throw new InvalidOperationException($"the parallel split's pieces hashed {hashes.Count} blocks of bytes [{blocks.Start}, {blocks.End}), which has {blocks.Count}");
        }

        _read = read;
        Blocks = blocks;
        _hashes = hashes;
        _changed = changed;
    }

    public HashBlocks Blocks { get; }

    /// <summary>Block <paramref name="index"/>'s hash as its piece computed it.</summary>
    public string Hash(long index) => _hashes[(int)index];

    /// <summary>Reads bytes [start, end) of the input (within <see cref="Blocks"/>) from checked blocks.</summary>
    public RangeReader Reader => (start, end, _) => Task.FromResult<Stream>(new BlockStream(this, start, end));

    /// <summary>Block <paramref name="index"/>, read again and checked whole.</summary>
    public async ValueTask<byte[]> BlockAsync(long index, CancellationToken cancellationToken)
    {
        for (LinkedListNode<(long Index, byte[] Bytes)>? node = _kept.First; node is not null; node = node.Next)
        {
            if (node.Value.Index == index)
            {
                return node.Value.Bytes;
            }
        }

        (long start, long end) = (Blocks.BlockStart(index), Blocks.BlockEnd(index));
        byte[] bytes = new byte[end - start];
        int got;
        await using (Stream block = await _read(start, end, cancellationToken).ConfigureAwait(false))
        {
            got = await block.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        string actual = ChunkContentHash.Of(bytes.AsSpan(0, got));
        if (got < bytes.Length || actual != Hash(index))
        {
            throw _changed($"bytes [{start}, {end}) hashed to {Hash(index)} when they were validated and to {actual} ({got} bytes) when read again to find or cut a chunk in them");
        }

        _kept.AddFirst((index, bytes));
        if (_kept.Count > Kept)
        {
            _kept.RemoveLast();
        }

        return bytes;
    }

    private sealed class BlockStream(VerifiedBlocks blocks, long start, long end) : ReadOnlyStream
    {
        private long _position = start;

        public override int Read(Span<byte> buffer)
        {
            byte[] copy = new byte[buffer.Length];
            int read = ReadAsync(copy, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            copy.AsSpan(0, read).CopyTo(buffer);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= end || buffer.IsEmpty)
            {
                return 0;
            }

            long index = blocks.Blocks.IndexOf(_position);
            byte[] block = await blocks.BlockAsync(index, cancellationToken).ConfigureAwait(false);
            long blockStart = blocks.Blocks.BlockStart(index);
            int from = (int)(_position - blockStart);
            int take = (int)Math.Min(Math.Min(buffer.Length, block.Length - from), end - _position);
            block.AsSpan(from, take).CopyTo(buffer.Span);
            _position += take;
            return take;
        }
    }
}
