using System.Buffers.Text;
using System.Text;

namespace HybridBatch.Generation;

/// <summary>
/// Reusable scratch space holding one generated value as unescaped UTF-8, so the JSON and CSV writers can
/// each apply their own escaping without the value generators knowing the output format.
/// </summary>
internal sealed class ValueBuffer
{
    private byte[] _bytes = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void AppendByte(byte value)
    {
        Ensure(1);
        _bytes[Length++] = value;
    }

    public void AppendChar(char value)
    {
        if (value < 0x80)
        {
            AppendByte((byte)value);
            return;
        }

        Ensure(3);
        Span<char> one = [value];
        Length += Encoding.UTF8.GetBytes(one, _bytes.AsSpan(Length));
    }

    /// <summary>Appends one Unicode scalar value as UTF-8 (callers never pass a surrogate).</summary>
    public void AppendCodePoint(int codePoint)
    {
        if (codePoint < 0x80)
        {
            AppendByte((byte)codePoint);
            return;
        }

        Ensure(4);
        Length += new Rune(codePoint).EncodeToUtf8(_bytes.AsSpan(Length));
    }

    /// <summary>Drops everything after <paramref name="length"/> bytes (a retried part of a value).</summary>
    public void Truncate(int length) => Length = length;

    public void Append(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_bytes.AsSpan(Length));
        Length += utf8.Length;
    }

    public void AppendInt64(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _bytes.AsSpan(Length), out var written);
        Length += written;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="digits"/> decimal digits, zero-padded.</summary>
    public void AppendDigits(long value, int digits)
    {
        Ensure(digits);
        for (var k = Length + digits - 1; k >= Length; k--)
        {
            _bytes[k] = (byte)('0' + (value % 10));
            value /= 10;
        }

        Length += digits;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + extra));
        }
    }
}
