using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// A seekable, read-only view of one stored object, read with ranged reads pinned to one version (a ranged GET
/// per block on S3). Inside a window (the row groups a reader needs) it reads ahead a block at a time, never past
/// the window's end; outside any window it reads exactly what is asked, so a worker fetches the footer and its own
/// row groups and nothing else. Holds at most <see cref="MaxBlocks"/> blocks.
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
    private readonly LinkedList<(long Start, byte[] Bytes, int Length)> _blocks = new();
    private long _position;

    /// <param name="store">Where the object is.</param>
    /// <param name="location">The object.</param>
    /// <param name="size">Its size as seen when the run started.</param>
    /// <param name="version">The version every read is pinned to.</param>
    /// <param name="windows">Byte ranges read ahead in blocks; elsewhere reads are exact.</param>
    /// <param name="blockBytes">The read-ahead block; 4 MiB unless a test asks.</param>
    public ObjectByteSource(IObjectStore store, ObjectLocation location, long size, string? version, IReadOnlyList<(long Start, long End)> windows, int blockBytes = 4 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        _store = store;
        _location = location;
        _size = size;
        _version = version;
        _windows = [.. windows.OrderBy(w => w.Start)];
        _blockBytes = blockBytes;
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

        int length = (int)(end - position);
        byte[] bytes = new byte[length];
        Fetched.Add((position, end));
        await using (Stream range = await _store.OpenReadAsync(_location, position, end, _version, cancellationToken).ConfigureAwait(false))
        {
            int read = await range.ReadAtLeastAsync(bytes, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                throw new EndOfStreamException($"{_location}: bytes [{position}, {end}) ended after {read} bytes; the object is shorter than the {_size} bytes it had");
            }
        }

        var block = (position, bytes, length);
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
