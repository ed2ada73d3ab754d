namespace HybridBatch.Core.Schema;

/// <summary>
/// Exact arithmetic on the text of JSON numbers, for the comparisons doubles and longs would round or overflow
/// (<c>12345678901234567891</c> against <c>12345678901234567890</c>, <c>0.09999999999999999999</c> against
/// <c>0.1</c>, <c>1e400</c>). A number is normalized to its sign, its significant digits without leading or
/// trailing zeros, and the power of ten of the place just before the first digit: value = 0.d1d2…dn × 10^exponent.
/// Zero (and negative zero) has no digits.
/// </summary>
internal static class ExactDecimal
{
    /// <summary>
    /// Exponents beyond this are refused rather than compared: no record holds such a number on purpose, and
    /// refusing keeps the arithmetic in a <see cref="long"/> with no way to wrap around.
    /// </summary>
    public const long MaxExponent = 1_000_000_000_000_000;

    /// <summary>Numbers with this many significant digits or fewer stand in a stack buffer.</summary>
    private const int StackDigits = 128;

    /// <summary>
    /// Normalizes text already known to follow the JSON number grammar into <paramref name="digits"/> (at least
    /// as long as the text). Returns the digit count (0 for zero), or -1 when the exponent is beyond
    /// <see cref="MaxExponent"/>.
    /// </summary>
    public static int Normalize(ReadOnlySpan<byte> text, Span<byte> digits, out bool negative, out long exponent)
    {
        negative = text[0] == (byte)'-';
        exponent = 0;
        int i = negative ? 1 : 0;
        int count = 0;
        long integerDigits = 0;
        bool seenNonZero = false;
        long leadingFractionZeros = 0;
        for (; i < text.Length && IsDigit(text[i]); i++)
        {
            if (text[i] != (byte)'0' || seenNonZero)
            {
                seenNonZero = true;
                digits[count++] = text[i];
                integerDigits++;
            }
        }

        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length && IsDigit(text[i]); i++)
            {
                if (text[i] == (byte)'0' && !seenNonZero)
                {
                    leadingFractionZeros++;
                    continue;
                }

                seenNonZero = true;
                digits[count++] = text[i];
            }
        }

        long written = 0;
        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            bool negativeExponent = text[i] == (byte)'-';
            if (text[i] is (byte)'-' or (byte)'+')
            {
                i++;
            }

            for (; i < text.Length; i++)
            {
                written = (written * 10) + (text[i] - '0');
                if (written > MaxExponent)
                {
                    return -1;
                }
            }

            written = negativeExponent ? -written : written;
        }

        while (count > 0 && digits[count - 1] == (byte)'0')
        {
            count--;
        }

        if (count == 0)
        {
            negative = false;
            return 0;
        }

        exponent = (integerDigits > 0 ? integerDigits : -leadingFractionZeros) + written;
        return exponent is > MaxExponent or < -MaxExponent ? -1 : count;
    }

    /// <summary>Orders two normalized numbers: negative, zero or positive as a is less than, equal to or more than b.</summary>
    public static int Compare(bool negativeA, ReadOnlySpan<byte> digitsA, long exponentA, bool negativeB, ReadOnlySpan<byte> digitsB, long exponentB)
    {
        int signA = digitsA.IsEmpty ? 0 : negativeA ? -1 : 1;
        int signB = digitsB.IsEmpty ? 0 : negativeB ? -1 : 1;
        if (signA != signB || signA == 0)
        {
            return signA.CompareTo(signB);
        }

        int magnitude = exponentA != exponentB
            ? exponentA.CompareTo(exponentB)
            : digitsA.SequenceCompareTo(digitsB); // no trailing zeros, so a shorter prefix is the smaller number
        return signA * Math.Sign(magnitude);
    }

    /// <summary>
    /// Compares the number written as <paramref name="text"/> with <paramref name="bound"/>; false (and no
    /// order) when the text's exponent is out of range.
    /// </summary>
    public static bool TryCompare(ReadOnlySpan<byte> text, NumericBound bound, out int order)
    {
        byte[]? rented = null;
        Span<byte> digits = text.Length <= StackDigits ? stackalloc byte[StackDigits] : (rented = new byte[text.Length]);
        int count = Normalize(text, digits, out bool negative, out long exponent);
        order = 0;
        if (count < 0)
        {
            return false;
        }

        order = Compare(negative, digits[..count], exponent, bound.Negative, bound.Digits, bound.Exponent);
        return true;
    }

    /// <summary>
    /// True when the number has no fractional part (<c>1.0</c>, <c>1e2</c> and <c>9e999999999999999999</c> are
    /// integers). Exact for every exponent: one beyond <see cref="MaxExponent"/> dwarfs the digits written, so its
    /// sign alone decides. <paramref name="inRange"/> says whether the exponent is within <see cref="MaxExponent"/>.
    /// </summary>
    public static bool IsIntegral(ReadOnlySpan<byte> text, out bool inRange)
    {
        Span<byte> digits = text.Length <= StackDigits ? stackalloc byte[StackDigits] : new byte[text.Length];
        int count = Normalize(text, digits, out _, out long exponent);
        inRange = count >= 0;
        if (inRange)
        {
            return count <= exponent;
        }

        int e = text.IndexOfAny((byte)'e', (byte)'E');
        bool zero = text[..e].IndexOfAnyInRange((byte)'1', (byte)'9') < 0;
        return zero || text[e + 1] != (byte)'-';
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
