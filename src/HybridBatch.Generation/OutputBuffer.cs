namespace HybridBatch.Generation;

/// <summary>
/// Accumulates output bytes and hands them to the stream in large blocks. It only flushes between records
/// (<see cref="FlushIfFull"/>), so the current record always sits whole in memory and can be cut short to
/// produce a malformed line.
/// </summary>
internal sealed class OutputBuffer
{
    private const int FlushThreshold = 1 << 16;

    private readonly Stream _stream;
    private byte[] _bytes = new byte[FlushThreshold * 2];

    public OutputBuffer(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Bytes currently held (not yet flushed).</summary>
    public int Position { get; private set; }

    /// <summary>Bytes handed to the stream so far.</summary>
    public long Flushed { get; private set; }

    public void WriteByte(byte value)
    {
        if (Position == _bytes.Length)
        {
            Grow(1);
        }

        _bytes[Position++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (Position + bytes.Length > _bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_bytes.AsSpan(Position));
        Position += bytes.Length;
    }

    /// <summary>Space for <paramref name="count"/> bytes to fill directly; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int count)
    {
        if (Position + count > _bytes.Length)
        {
            Grow(count);
        }

        return _bytes.AsSpan(Position);
    }

    public void Advance(int count) => Position += count;

    /// <summary>Drops everything written after <paramref name="position"/> (used to truncate a record).</summary>
    public void Truncate(int position) => Position = position;

    public ReadOnlySpan<byte> Slice(int start) => _bytes.AsSpan(start, Position - start);

    public void FlushIfFull()
    {
        if (Position >= FlushThreshold)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _stream.Write(_bytes, 0, Position);
        Flushed += Position;
        Position = 0;
    }

    private void Grow(int extra)
    {
        Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Position + extra));
    }
}
