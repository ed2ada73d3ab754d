using System.Buffers;
using System.IO.Hashing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Processing;

/// <summary>
/// A chunk's bytes, handed on only after the block they belong to matched the split's hash
/// (<see cref="ChunkPlanEntry.ContentHashes"/>): a block is read whole, hashed, compared, and only then served. So a
/// changed byte never reaches the framer, and no record of a changed block is built, published or committed; the
/// reader fails with <see cref="ObjectChangedException"/> instead. A range shorter or longer than the split's fails
/// the same way.
/// </summary>
public sealed class VerifiedChunkStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly ChunkPlanEntry _chunk;
    private readonly ObjectLocation _location;
    private readonly string _version;
    private readonly IReadOnlyList<string> _hashes;
    private readonly HashBlocks _blocks;
    private byte[] _buffer;
    private long _nextBlock;
    private int _skip;
    private int _position;
    private int _length;

    private VerifiedChunkStream(Stream inner, ChunkPlanEntry chunk, ObjectLocation location, string version, long fromOffset)
    {
        _inner = inner;
        _chunk = chunk;
        _location = location;
        _version = version;
        _hashes = chunk.ContentHashes!;
        if (ChunkContentHash.BlocksOf(chunk) is not { } blocks || _hashes.Count != blocks.Count)
        {
            throw new ChunkDataException(chunk.ChunkId,
                $"the plan lists {_hashes.Count} content hashes of {chunk.HashBlockBytes}-byte blocks for {chunk.Bytes} bytes");
        }

        _blocks = blocks;
        long at = chunk.ByteStart + fromOffset;
        _nextBlock = fromOffset >= chunk.Bytes ? blocks.Count : blocks.IndexOf(at);
        _skip = _nextBlock == blocks.Count ? 0 : (int)(at - blocks.BlockStart(_nextBlock));
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(blocks.BlockBytes, Math.Max(chunk.Bytes, 1)));
    }

    /// <summary>
    /// Where a reader of <paramref name="chunk"/> resuming at <paramref name="fromOffset"/> (relative to the chunk's
    /// start) must start reading, relative to the chunk's start: the start of that offset's block, so the whole block
    /// can be checked.
    /// </summary>
    public static long ReadStart(ChunkPlanEntry chunk, long fromOffset) =>
        ChunkContentHash.BlocksOf(chunk) is not { } blocks || fromOffset >= chunk.Bytes
            ? fromOffset
            : blocks.BlockStart(blocks.IndexOf(chunk.ByteStart + fromOffset)) - chunk.ByteStart;

    /// <summary>
    /// The chunk's bytes from <paramref name="fromOffset"/> on, checked; <paramref name="inner"/> holds them from
    /// <see cref="ReadStart"/>. A chunk of a plan without hashes is handed on unchecked.
    /// </summary>
    public static Stream Wrap(Stream inner, ChunkPlanEntry chunk, ObjectLocation location, string version, long fromOffset) =>
        chunk.ContentHashes is null ? inner : new VerifiedChunkStream(inner, chunk, location, version, fromOffset);

    public override int Read(Span<byte> buffer)
    {
        // A loop: a resumed read may skip a whole block's worth of served bytes.
        while (_position == _length)
        {
            if (_nextBlock == _hashes.Count)
            {
                CheckNoMoreBytes(_inner.Read(_buffer, 0, 1));
                return 0;
            }

            int length = BlockLength();
            Accept(_inner.ReadAtLeast(_buffer.AsSpan(0, length), length, throwOnEndOfStream: false), length);
        }

        return Serve(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_position == _length)
        {
            if (_nextBlock == _hashes.Count)
            {
                CheckNoMoreBytes(await _inner.ReadAsync(_buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false));
                return 0;
            }

            int length = BlockLength();
            Accept(await _inner.ReadAtLeastAsync(_buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false), length);
        }

        return Serve(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            byte[] buffer = _buffer;
            _buffer = [];
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    private int BlockLength() => _blocks.BlockLength(_nextBlock);

    private void Accept(int read, int length)
    {
        long blockStart = _blocks.BlockStart(_nextBlock);
        if (read < length)
        {
            throw Changed($"bytes [{blockStart}, {blockStart + length}) of chunk {_chunk.ChunkId} end after {read} bytes");
        }

        ulong actual = XxHash3.HashToUInt64(_buffer.AsSpan(0, length));
        string expected = _hashes[(int)_nextBlock];
        if (!string.Equals(ChunkContentHash.Format(actual), expected, StringComparison.Ordinal))
        {
            throw Changed($"bytes [{blockStart}, {blockStart + length}) of chunk {_chunk.ChunkId} hash to {ChunkContentHash.Format(actual)}, the split's to {expected}");
        }

        _nextBlock++;
        _position = _skip;
        _length = length;
        _skip = 0;
    }

    private int Serve(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _length - _position);
        _buffer.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }

    private void CheckNoMoreBytes(int read)
    {
        if (read > 0)
        {
            throw Changed($"chunk {_chunk.ChunkId} goes on past byte {_chunk.ByteEnd}, where the split's range ends");
        }
    }

    private ObjectChangedException Changed(string where) => ObjectChangedException.ContentDiffers(_location, _version, where);
}
