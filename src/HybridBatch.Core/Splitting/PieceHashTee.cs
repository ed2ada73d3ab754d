namespace HybridBatch.Core.Splitting;

/// <summary>
/// Where the scanner copies a validation piece's bytes (<see cref="Records.RecordScanner.Tee"/>): the first
/// <paramref name="hashed"/> of them go to the piece's <see cref="BlockHasher"/>; the rest start the next piece's first
/// block, which that piece hashes. Write-only.
/// </summary>
internal sealed class PieceHashTee(BlockHasher hasher, long hashed) : Stream
{
    private long _left = hashed;

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
        int take = (int)Math.Min(buffer.Length, _left);
        if (take > 0)
        {
            hasher.Append(buffer[..take]);
            _left -= take;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
