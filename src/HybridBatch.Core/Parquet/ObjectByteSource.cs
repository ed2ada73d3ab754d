using HybridBatch.Core.Processing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// A seekable, read-only view of one stored object, read with ranged reads pinned to one version (a ranged GET
/// per block on S3). Inside a window (the row groups a reader needs) it reads ahead a block at a time, never past
/// the window's end; outside any window it reads exactly what is asked, so a worker fetches the footer and its own
/// row groups and nothing else. Holds at most <see cref="MaxBlocks"/> blocks. Given a chunk with content hashes, it
/// reads that chunk's bytes in the hashed blocks and serves none of a block that differs from the split's hash.
/// </summary>
public sealed class ObjectByteSource : Stream
{
    private const int MaxBlocks = 4;

    private readonly IObjectStore _store;
    private readonly ObjectLocation _location;
    private readonly string? _version;
    private readonly long _size;
    private readonly int _blockBytes;
    private readonly (long Start, long End)[] _windows;
    private readonly ChunkPlanEntry? _proven;
    private readonly LinkedList<(long Start, byte[] Bytes, int Length)> _blocks = new();
    private long _position;

    /// <param name="store">Where the object is.</param>
    /// <param name="location">The object.</param>
    /// <param name="size">Its size as seen when the run started.</param>
    /// <param name="version">The version every read is pinned to.</param>
    /// <param name="windows">Byte ranges read ahead in blocks; elsewhere reads are exact.</param>
    /// <param name="blockBytes">The read-ahead block; 4 MiB unless a test asks.</param>
    /// <param name="proven">
    /// A chunk whose bytes are read only in the blocks of its <see cref="ChunkPlanEntry.ContentHashes"/>, each checked
    /// before any of its bytes is served (<see cref="ObjectChangedException"/> on a difference); null, or a chunk of a
    /// plan without hashes, reads unchecked.
    /// </param>
    public ObjectByteSource(IObjectStore store, ObjectLocation location, long size, string? version, IReadOnlyList<(long Start, long End)> windows,
        int blockBytes = 4 << 20, ChunkPlanEntry? proven = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        _store = store;
        _location = location;
        _size = size;
        _version = version;
        _windows = [.. windows.OrderBy(w => w.Start)];
        _blockBytes = blockBytes;
        if (proven?.ContentHashes is { } hashes)
        {
            if (ChunkContentHash.BlocksOf(proven) is not { } blocks || hashes.Count != blocks.Count)
            {
                throw new ChunkDataException(proven.ChunkId,
                    $"the plan lists {hashes.Count} content hashes of {proven.HashBlockBytes}-byte blocks for {proven.Bytes} bytes");
            }

            _proven = proven;
        }
    }

    /// <summary>Every range fetched from the store, in order (what a test checks a worker read).</summary>
    public List<(long Start, long End)> Fetched { get; } = [];

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _size;

    public override long Position
    {
        get => _position;
        set => _position = value < 0 ? throw new IOException("seek before the start of the object") : value;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _size + offset,
    };

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Parquet.Net reads asynchronously; a synchronous read waits for the same ranged read.
    public override int Read(Span<byte> buffer)
    {
        byte[] rented = new byte[buffer.Length];
        int read = ReadAsync(rented, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= _size || buffer.IsEmpty)
        {
            return 0;
        }

        int total = 0;
        while (!buffer.IsEmpty && _position < _size)
        {
            (long start, byte[] bytes, int length) = await BlockAtAsync(_position, buffer.Length, cancellationToken).ConfigureAwait(false);
            int from = (int)(_position - start);
            int take = Math.Min(buffer.Length, length - from);
            bytes.AsSpan(from, take).CopyTo(buffer.Span);
            buffer = buffer[take..];
            _position += take;
            total += take;
        }

        return total;
    }

    private async ValueTask<(long Start, byte[] Bytes, int Length)> BlockAtAsync(long position, int wanted, CancellationToken cancellationToken)
    {
        for (LinkedListNode<(long Start, byte[] Bytes, int Length)>? node = _blocks.First; node is not null; node = node.Next)
        {
            if (position >= node.Value.Start && position < node.Value.Start + node.Value.Length)
            {
                _blocks.Remove(node);
                _blocks.AddFirst(node);
                return node.Value;
            }
        }

        if (_proven is { } chunk && position >= chunk.ByteStart && position < chunk.ByteEnd)
        {
            return await ProvenBlockAsync(chunk, position, cancellationToken).ConfigureAwait(false);
        }

        long end = Math.Min(_size, position + wanted);
        foreach ((long start, long windowEnd) in _windows)
        {
            if (position >= start && position < windowEnd)
            {
                end = Math.Min(windowEnd, Math.Max(end, position + _blockBytes));
                break;
            }

            if (start > position)
            {
                // Exact reads stop where a window starts, so the window's bytes come in its own blocks.
                end = Math.Min(end, start);
            }
        }

        return Keep(position, await FetchAsync(position, end, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The hashed block of <paramref name="chunk"/> that holds <paramref name="position"/>, checked against the split's hash.</summary>
    private async ValueTask<(long Start, byte[] Bytes, int Length)> ProvenBlockAsync(ChunkPlanEntry chunk, long position, CancellationToken cancellationToken)
    {
        HashBlocks blocks = ChunkContentHash.BlocksOf(chunk)!.Value;
        long block = blocks.IndexOf(position);
        long start = blocks.BlockStart(block);
        long end = blocks.BlockEnd(block);
        byte[] bytes = await FetchAsync(start, end, cancellationToken).ConfigureAwait(false);
        string actual = ChunkContentHash.Of(bytes);
        string expected = chunk.ContentHashes![(int)block];
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw ObjectChangedException.ContentDiffers(_location, _version ?? "unversioned",
                $"bytes [{start}, {end}) of chunk {chunk.ChunkId} (row groups from {chunk.FirstRowGroup}, {chunk.RowGroups} of them) hash to {actual}, the split's to {expected}");
        }

        return Keep(start, bytes);
    }

    private async Task<byte[]> FetchAsync(long start, long end, CancellationToken cancellationToken)
    {
        int length = (int)(end - start);
        byte[] bytes = new byte[length];
        Fetched.Add((start, end));
        await using (Stream range = await _store.OpenReadAsync(_location, start, end, _version, cancellationToken).ConfigureAwait(false))
        {
            int read = await range.ReadAtLeastAsync(bytes, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                throw new EndOfStreamException($"{_location}: bytes [{start}, {end}) ended after {read} bytes; the object is shorter than the {_size} bytes it had");
            }
        }

        return bytes;
    }

    private (long Start, byte[] Bytes, int Length) Keep(long start, byte[] bytes)
    {
        var block = (start, bytes, bytes.Length);
        _blocks.AddFirst(block);
        if (_blocks.Count > MaxBlocks)
        {
            _blocks.RemoveLast();
        }

        return block;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
