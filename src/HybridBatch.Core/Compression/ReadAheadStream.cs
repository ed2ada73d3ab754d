using System.Buffers;
using System.Threading.Channels;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Compression;

/// <summary>
/// Reads its source on a thread of its own, a few buffers ahead of the reader: the split of gzip input (one stream,
/// so one framing thread) decompresses while the previous bytes are framed and validated. The channel is bounded, so
/// at most <c>depth</c> buffers wait. A read error of the source reaches the reader after every byte read before it,
/// as it would without this stream.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int BufferBytes = 1 << 20;

    private readonly Stream _source;
    private readonly Channel<(byte[] Buffer, int Length)> _filled;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private byte[]? _current;
    private int _currentStart;
    private int _currentEnd;
    private bool _ended;

    public ReadAheadStream(Stream source, int depth = 4)
    {
        _source = source;
        _filled = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        _producer = Task.Run(ProduceAsync);
    }

    // Only for synchronous callers, which the split never is: correct, not fast.
    public override int Read(Span<byte> buffer)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int read = ReadAsync(scratch.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            scratch.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_current is null || _currentStart == _currentEnd)
        {
            Release();
            if (_ended)
            {
                return 0;
            }

            if (!await _filled.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _ended = true;
                // A failed source completes the channel with its exception, rethrown here after the bytes before it.
                await _filled.Reader.Completion.ConfigureAwait(false);
                return 0;
            }

            if (_filled.Reader.TryRead(out (byte[] Buffer, int Length) next))
            {
                (_current, _currentStart, _currentEnd) = (next.Buffer, 0, next.Length);
            }
        }

        int count = Math.Min(buffer.Length, _currentEnd - _currentStart);
        _current.AsSpan(_currentStart, count).CopyTo(buffer.Span);
        _currentStart += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _producer.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // The reader saw the source's failure already, or stopped reading before it.
            }

            Release();
            while (_filled.Reader.TryRead(out (byte[] Buffer, int Length) left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }

            _stop.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ProduceAsync()
    {
        Exception? failure = null;
        try
        {
            bool more = true;
            while (more)
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
                int filled = 0;
                try
                {
                    while (filled < BufferBytes)
                    {
                        int read = await _source.ReadAsync(buffer.AsMemory(filled, BufferBytes - filled), _stop.Token).ConfigureAwait(false);
                        if (read == 0)
                        {
                            more = false;
                            break;
                        }

                        filled += read;
                    }
                }
                catch (Exception failed) when (failed is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    // The bytes read before the failure still go first.
                    failure = failed;
                    more = false;
                }

                if (filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                else
                {
                    await _filled.Writer.WriteAsync((buffer, filled), _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The reader went away.
        }

        _filled.Writer.TryComplete(failure);
    }

    private void Release()
    {
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }
}
