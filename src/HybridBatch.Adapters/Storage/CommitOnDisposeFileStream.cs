using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Storage;

/// <summary>
/// Writes to a temporary file beside the target and moves it into place when disposed, so readers never see
/// a half-written object. A write or flush that fails leaves the target as it was and removes the temporary
/// file (a full disk must not fill up further with leftovers); a full disk is reported as
/// <see cref="StorageFullException"/> naming the target. A wrapper, not a <see cref="FileStream"/> subclass: a
/// subclass's span writes are routed back through its array overloads, which makes wrapping each one recursive.
/// </summary>
internal sealed class CommitOnDisposeFileStream : Stream
{
    private readonly string _target;
    private readonly FileStream _temporary;
    private bool _finished;
    private bool _failed;

    public CommitOnDisposeFileStream(string target)
    {
        _target = target;
        _temporary = new FileStream(TemporaryPath(target), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => _temporary.Length;

    public override long Position
    {
        get => _temporary.Position;
        set => throw new NotSupportedException();
    }

    public static string TemporaryPath(string target) => $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _temporary.Write(buffer);
        }
        catch (IOException failure)
        {
            throw Failed(failure);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _temporary.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException failure)
        {
            throw Failed(failure);
        }
    }

    public override void Flush()
    {
        try
        {
            _temporary.Flush();
        }
        catch (IOException failure)
        {
            throw Failed(failure);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _temporary.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException failure)
        {
            throw Failed(failure);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            try
            {
                _temporary.Dispose(); // flushes what is buffered: the last chance for a full disk to show
            }
            catch (IOException failure)
            {
                throw Failed(failure);
            }
            finally
            {
                Finish();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            try
            {
                await _temporary.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException failure)
            {
                throw Failed(failure);
            }
            finally
            {
                Finish();
            }
        }

        GC.SuppressFinalize(this);
    }

    private IOException Failed(IOException failure)
    {
        _failed = true;
        return StorageFullException.IsStorageFull(failure) && failure is not StorageFullException ? new StorageFullException(_target, failure) : failure;
    }

    private void Finish()
    {
        _finished = true;
        if (_failed)
        {
            File.Delete(_temporary.Name);
            return;
        }

        File.Move(_temporary.Name, _target, overwrite: true);
    }
}
