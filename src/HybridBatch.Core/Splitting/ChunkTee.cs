namespace HybridBatch.Core.Splitting;

/// <summary>
/// Where the scanner copies a chunk's bytes during the split (<see cref="Records.RecordScanner.Tee"/>): into the
/// chunk's <see cref="ChunkFacts"/> and, for compressed input, into its staged copy. Write-only.
/// </summary>
internal sealed class ChunkTee(ChunkFacts facts, Stream? stage) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        facts.Append(buffer);
        stage?.Write(buffer);
    }

    public override void Flush() => stage?.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
