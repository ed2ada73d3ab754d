using Amazon.S3;
using Amazon.S3.Model;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Aws;

/// <summary>
/// Collects an object's bytes and uploads them when disposed, so the object appears whole or not at all:
/// in memory up to one part, then in a temporary file. Small objects go up with one PutObject, large ones as
/// a multipart upload that is aborted if any step fails (no orphaned parts are left to bill).
/// </summary>
internal sealed class S3UploadStream : Stream
{
    private readonly IAmazonS3 _s3;
    private readonly ObjectLocation _location;
    private readonly S3ObjectStoreOptions _options;
    private readonly CancellationToken _cancellationToken;
    private MemoryStream? _memory = new();
    private FileStream? _file;
    private long _length;
    private bool _disposed;

    public S3UploadStream(IAmazonS3 s3, ObjectLocation location, S3ObjectStoreOptions options, CancellationToken cancellationToken)
    {
        _s3 = s3;
        _location = location;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Target(buffer.Length).Write(buffer);
        _length += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Target(buffer.Length).WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await UploadAsync(_cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_file is not null)
            {
                await _file.DisposeAsync().ConfigureAwait(false);
            }

            _memory = null;
            GC.SuppressFinalize(this);
        }
    }

    // Dispose is where the object is committed; a synchronous caller waits for the upload.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private Stream Target(int incoming)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_memory is not null && _memory.Length + incoming > _options.UploadPartBytes)
        {
            // Past one part the object goes up in parts anyway: keep it on disk, not in memory.
            string folder = _options.TempFolder ?? Path.GetTempPath();
            _file = new FileStream(Path.Combine(folder, $"hb-s3-upload-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            _memory.Position = 0;
            _memory.CopyTo(_file);
            _memory = null;
        }

        return (Stream?)_memory ?? _file!;
    }

    private async Task UploadAsync(CancellationToken cancellationToken)
    {
        if (_memory is not null)
        {
            _memory.Position = 0;
            var put = new PutObjectRequest { BucketName = _location.Bucket, Key = _location.Key, InputStream = _memory, AutoCloseStream = false };
            try
            {
                await _s3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception error)
            {
                throw S3ObjectStore.Failure("PutObject", _location, error);
            }

            return;
        }

        await UploadPartsAsync(_file!, cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadPartsAsync(FileStream file, CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            InitiateMultipartUploadResponse started = await _s3.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = _location.Bucket, Key = _location.Key }, cancellationToken).ConfigureAwait(false);
            uploadId = started.UploadId;
        }
        catch (AmazonS3Exception error)
        {
            throw S3ObjectStore.Failure("CreateMultipartUpload", _location, error);
        }

        string step = "UploadPart";
        try
        {
            var parts = new List<PartETag>();
            byte[] buffer = new byte[_options.UploadPartBytes];
            file.Position = 0;
            for (int partNumber = 1; ; partNumber++)
            {
                int filled = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                UploadPartResponse uploaded = await _s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _location.Bucket,
                    Key = _location.Key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    PartSize = filled,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, uploaded.ETag));
            }

            step = "CompleteMultipartUpload";
            await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _location.Bucket,
                Key = _location.Key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            await AbortAsync(uploadId).ConfigureAwait(false);
            if (error is AmazonS3Exception s3Error)
            {
                throw S3ObjectStore.Failure(step, _location, s3Error);
            }

            throw;
        }
    }

    private async Task AbortAsync(string uploadId)
    {
        try
        {
            // Not the caller's token: it may be the one that fired, and the parts should still be freed.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _location.Bucket, Key = _location.Key, UploadId = uploadId }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The upload's own failure is what the caller needs; a bucket lifecycle rule cleans up what is left.
        }
    }
}
