using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Parquet;

/// <summary>A chunk's rendered rows that also owns the open file and its byte source, closed together.</summary>
internal sealed class ParquetChunkStream(ObjectByteSource source, ParquetFile file, ParquetJsonLines lines) : ReadOnlyStream
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => lines.ReadAsync(buffer, cancellationToken);

    public override int Read(Span<byte> buffer) => lines.Read(buffer);

    public async Task SkipAsync(long bytes, CancellationToken cancellationToken)
    {
        byte[] scratch = new byte[64 * 1024];
        while (bytes > 0)
        {
            int read = await lines.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, bytes)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"the chunk's rows end {bytes} bytes before the checkpoint's offset");
            }

            bytes -= read;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await lines.DisposeAsync().ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
        await source.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lines.Dispose();
            file.DisposeAsync().AsTask().GetAwaiter().GetResult();
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
