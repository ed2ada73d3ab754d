using Amazon.S3;
using Amazon.S3.Model;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Aws;

/// <summary>
/// Bytes [start, end) of an S3 object as a forward-only stream: ranged GETs of one part each, several in
/// flight, handed out strictly in order. At most <c>concurrency</c> parts are held (the one being read
/// included), so memory stays bounded however large the range. Every GET is pinned to the version the caller
/// expects; a part that comes from another version fails the read with <see cref="ObjectChangedException"/>.
/// </summary>
internal sealed class S3RangeReadStream : ReadOnlyStream
{
    private readonly S3ObjectStore _store;
    private readonly IAmazonS3 _s3;
    private readonly ObjectLocation _location;
    private readonly string? _expectedVersion;
    private readonly S3Version _pin;
    private readonly long _end;
    private readonly int _partBytes;
    private readonly int _concurrency;
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<Task<Part>> _pending = new();
    private readonly Stack<byte[]> _freeBuffers = new();
    private long _nextStart;
    private Part? _current;
    private int _offset;
    private bool _disposed;

    public S3RangeReadStream(S3ObjectStore store, IAmazonS3 s3, ObjectLocation location, long start, long end, string? expectedVersion, int partBytes, int concurrency)
    {
        _store = store;
        _s3 = s3;
        _location = location;
        _expectedVersion = expectedVersion;
        _pin = expectedVersion is null ? default : S3Version.Parse(expectedVersion);
        _nextStart = start;
        _end = end;
        _partBytes = partBytes;
        _concurrency = concurrency;
    }

    /// <summary>Starts the first GETs and waits for the first part, so a changed object fails at open.</summary>
    public async Task PrimeAsync(CancellationToken cancellationToken)
    {
        Fill();
        if (_pending.TryPeek(out Task<Part>? head))
        {
            await head.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_current is Part part)
            {
                if (_offset < part.Length)
                {
                    int count = Math.Min(buffer.Length, part.Length - _offset);
                    part.Buffer.AsMemory(_offset, count).CopyTo(buffer);
                    _offset += count;
                    return count;
                }

                // The part is consumed: its buffer and its slot go to the next GET.
                _freeBuffers.Push(part.Buffer);
                _current = null;
            }

            Fill();
            if (!_pending.TryPeek(out Task<Part>? head))
            {
                return 0;
            }

            Part next = await head.WaitAsync(cancellationToken).ConfigureAwait(false);
            _ = _pending.Dequeue();
            _current = next;
            _offset = 0;
        }
    }

    // Synchronous readers get the same pipeline; the GETs themselves stay asynchronous.
    public override int Read(Span<byte> buffer)
    {
        byte[] copy = new byte[buffer.Length];
        int read = ReadAsync(copy).AsTask().GetAwaiter().GetResult();
        copy.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        foreach (Task<Part> task in _pending)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The reader stopped early (or already saw the failure): outstanding GETs no longer matter.
            }
        }

        _pending.Clear();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        while (_pending.Count + (_current is null ? 0 : 1) < _concurrency && _nextStart < _end)
        {
            int length = (int)Math.Min(_partBytes, _end - _nextStart);
            byte[] buffer = _freeBuffers.Count > 0 && _freeBuffers.Peek().Length >= length ? _freeBuffers.Pop() : new byte[length];

            _pending.Enqueue(FetchAsync(_nextStart, length, buffer, _stop.Token));
            _nextStart += length;
        }
    }

    private async Task<Part> FetchAsync(long start, int length, byte[] buffer, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = _location.Bucket,
            Key = _location.Key,
            ByteRange = new ByteRange(start, start + length - 1),
        };
        if (_pin.VersionId is not null)
        {
            request.VersionId = _pin.VersionId;
        }
        else if (_pin.ETag is not null)
        {
            request.EtagToMatch = _pin.ETag;
        }

        try
        {
            using GetObjectResponse response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            string actual = S3Version.Format(response.VersionId, response.ETag);
            if (_expectedVersion is not null && ChangedFromPin(response))
            {
                throw new ObjectChangedException(_location, _expectedVersion, actual);
            }

            if (response.ContentLength > length)
            {
                throw new InvalidDataException($"S3 returned {response.ContentLength} bytes for the {length}-byte range at {start} of s3://{_location}");
            }

            int filled = 0;
            while (filled < length)
            {
                int read = await response.ResponseStream.ReadAsync(buffer.AsMemory(filled, length - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new ArgumentOutOfRangeException("end", $"byte range ending at {_end} is past the end of s3://{_location} (got {start + filled})");
                }

                filled += read;
            }

            return new Part(buffer, length);
        }
        catch (AmazonS3Exception error) when (_expectedVersion is not null && S3ObjectStore.IsChangedOrGone(error))
        {
            string? actual = await CurrentVersionAsync().ConfigureAwait(false);
            throw new ObjectChangedException(_location, _expectedVersion, actual);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "InvalidRange")
        {
            throw new ArgumentOutOfRangeException("start", $"byte range starting at {start} is past the end of s3://{_location}: {error.Message}");
        }
        catch (AmazonS3Exception error)
        {
            throw S3ObjectStore.Failure("GetObject", _location, error);
        }
    }

    private bool ChangedFromPin(GetObjectResponse response) =>
        _pin.VersionId is not null
            ? !string.IsNullOrEmpty(response.VersionId) && response.VersionId != _pin.VersionId
            : response.ETag != _pin.ETag;

    private async Task<string?> CurrentVersionAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return (await _store.StatAsync(_location, timeout.Token).ConfigureAwait(false))?.Version;
        }
        catch (Exception)
        {
            // Only for the message: the read fails with "object changed" either way.
            return "unknown";
        }
    }

    private readonly record struct Part(byte[] Buffer, int Length);
}
