using System.Buffers;

namespace HybridBatch.Cli.Local;

/// <summary>
/// This process's standard output, shared by everything that writes messages to it during a run with
/// <c>--destination stdout</c>: the Batch-route workers' output relayed line by line, and the Lambda-route chunks'
/// batches written here in process. One writer at a time and whole lines only, so messages never interleave mid-line
/// and a worker killed in the middle of a write leaves no half message behind.
/// </summary>
internal sealed class StdoutRelay
{
    private const int BlockBytes = 1 << 16;
    private readonly Stream _stdout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _droppedBytes;

    public StdoutRelay(Stream stdout) => _stdout = stdout;

    /// <summary>Bytes of unfinished last lines dropped from workers that died while writing them.</summary>
    public long DroppedBytes => Interlocked.Read(ref _droppedBytes);

    /// <summary>
    /// The sole right to write to standard output until disposed, for a writer with its own stream to it (the
    /// in-process standard-output sink, <see cref="RelayedSinkFactory"/>).
    /// </summary>
    public async ValueTask<IDisposable> TakeTurnAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_gate);
    }

    // Whole lines, not interleaved with any other writer.
    private async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stdout.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
            await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    /// <summary>
    /// Copies a worker's standard output here, in its order, up to its last complete line, until the worker closes
    /// it. Never cancelled: the pipe ends when the worker does, and what the worker wrote must not be left unread.
    /// </summary>
    public async Task PumpAsync(Stream source)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One line longer than the buffer: grow it, lines are never cut.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await source.ReadAsync(buffer.AsMemory(filled), CancellationToken.None).ConfigureAwait(false);
                if (read == 0)
                {
                    Interlocked.Add(ref _droppedBytes, filled);
                    return;
                }

                int end = buffer.AsSpan(filled, read).LastIndexOf((byte)'\n');
                filled += read;
                if (end < 0)
                {
                    continue;
                }

                int complete = filled - read + end + 1;
                await WriteAsync(buffer.AsMemory(0, complete), CancellationToken.None).ConfigureAwait(false);
                buffer.AsSpan(complete, filled - complete).CopyTo(buffer);
                filled -= complete;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
