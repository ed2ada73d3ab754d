using System.Globalization;
using System.Numerics;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Whether a × 10^x is a multiple of b × 10^y, for <c>multipleOf</c>: a and b are the significant digits of the
/// value and the divisor (ASCII, no leading zeros, b not zero). Exact either way; numbers of up to 18 digits (every
/// price, quantity and id a record holds) are done in 128-bit integers, longer ones in <see cref="BigInteger"/>.
/// </summary>
internal static class ExactMultiple
{
    /// <summary>Up to this many digits fit in a <see cref="ulong"/> with room to spare.</summary>
    private const int SmallDigits = 18;

    /// <summary>10^0 … 10^18, each below 2^64.</summary>
    private static readonly ulong[] _powersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    public static bool IsMultiple(ReadOnlySpan<byte> a, long x, ReadOnlySpan<byte> b, long y) =>
        TrySmall(a, x, b, y) ?? Big(a, x, b, y);

    /// <summary>
    /// Whether the JSON number <paramref name="text"/> is a multiple of <paramref name="divisor"/>, read straight from
    /// the text when it is written <c>-?digits(.digits)?</c> with at most 18 digits and the divisor has its plain form
    /// (<see cref="NumericBound.PlainDigits"/>): a price against a cent is one 64-bit remainder, without normalizing
    /// the text first. Null for any other shape; the caller then takes the general path.
    /// </summary>
    public static bool? TryPlain(ReadOnlySpan<byte> text, NumericBound divisor)
    {
        ulong d = divisor.PlainDigits;
        if (d == 0)
        {
            return null;
        }

        // value = v × 10^−f, divisor = d × 10^−k.
        ulong v = 0;
        int digits = 0;
        int f = 0;
        bool fraction = false;
        for (int i = text[0] == (byte)'-' ? 1 : 0; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                if (++digits > SmallDigits)
                {
                    return null;
                }

                v = (v * 10) + digit;
                f += fraction ? 1 : 0;
            }
            else if (text[i] == (byte)'.' && !fraction)
            {
                fraction = true;
            }
            else
            {
                // An exponent.
                return null;
            }
        }

        int k = divisor.PlainScale;
        if (k >= f)
        {
            // v × 10^(k−f) must be a multiple of d; the product stays below 10^18 when its digits allow.
            return digits + (k - f) <= SmallDigits ? v * _powersOfTen[k - f] % d == 0 : null;
        }

        // v must be a multiple of d × 10^(f−k), which stays below 10^18 when d's digits allow.
        return divisor.PlainDigitCount + (f - k) <= SmallDigits ? v % (d * _powersOfTen[f - k]) == 0 : null;
    }

    /// <summary>
    /// The number of fraction digits a divisor that is a power of ten at most 1 allows (0.01 gives 2, 1 gives 0), or
    /// -1 for any other divisor: against 10^−k, a number is a multiple exactly when no digit after its k-th fraction
    /// digit is other than zero (<see cref="TryPowerOfTen"/>).
    /// </summary>
    public static int PowerOfTenFractionDigits(NumericBound divisor)
    {
        // 0.1 × 10^e = 10^(e−1).
        long k = 1 - divisor.Exponent;
        return divisor.Digits is [(byte)'1'] && k is >= 0 and <= int.MaxValue ? (int)k : -1;
    }

    /// <summary>
    /// Whether the JSON number <paramref name="text"/> (well-formed) is a multiple of 10^−<paramref name="fractionDigits"/>,
    /// by its digits alone: a price against a cent is a multiple when it has at most two fraction digits, or only zeros
    /// after them. No arithmetic, so any length. Null when the number has an exponent; the caller then takes another path.
    /// </summary>
    public static bool? TryPowerOfTen(ReadOnlySpan<byte> text, int fractionDigits)
    {
        // Back from the end over the last run of digits: a fraction, an integer, or an exponent's digits.
        int i = text.Length - 1;
        while (i >= 0 && (uint)(text[i] - '0') <= 9)
        {
            i--;
        }

        if (i < 0 || (i == 0 && text[0] == (byte)'-'))
        {
            // An integer is a multiple of every 10^−k with k ≥ 0.
            return true;
        }

        if (text[i] != (byte)'.')
        {
            // 'e', 'E', or an exponent's sign.
            return null;
        }

        int fraction = text.Length - 1 - i;
        return fraction <= fractionDigits || text[(i + 1 + fractionDigits)..].IndexOfAnyExcept((byte)'0') < 0;
    }

    /// <summary>The 128-bit path; null when a or b has too many digits for it.</summary>
    public static bool? TrySmall(ReadOnlySpan<byte> a, long x, ReadOnlySpan<byte> b, long y)
    {
        if (a.Length > SmallDigits || b.Length > SmallDigits)
        {
            return null;
        }

        // Prices against a cent (12.34 multipleOf 0.01) fit one 64-bit remainder: a × 10^(x−y) or b × 10^(y−x)
        // stays below 10^18, and 128-bit division is several times slower.
        if (x >= y && x - y <= SmallDigits - a.Length)
        {
            return ParseSmall(a) * _powersOfTen[x - y] % ParseSmall(b) == 0;
        }

        if (x < y && y - x <= SmallDigits - b.Length)
        {
            return y - x <= a.Length && ParseSmall(a) % (ParseSmall(b) * _powersOfTen[y - x]) == 0;
        }

        UInt128 value = Parse(a);
        UInt128 divisor = Parse(b);
        if (x >= y)
        {
            // a × 10^(x−y) mod b, the power taken modulo b: both factors are below b < 10^18, their product below 2^128.
            return value % divisor * PowerOfTenModulo(x - y, divisor) % divisor == 0;
        }

        // a must be a multiple of b × 10^(y−x); a has a.Length digits, so a larger power of ten cannot divide it.
        // Otherwise b × 10^shift < 10^36 < 2^128.
        long shift = y - x;
        return shift <= a.Length && value % (divisor * PowerOfTen((int)shift)) == 0;
    }

    /// <summary>The arbitrary-precision path, for any length.</summary>
    public static bool Big(ReadOnlySpan<byte> a, long x, ReadOnlySpan<byte> b, long y)
    {
        BigInteger value = BigInteger.Parse(Encoding.ASCII.GetString(a), CultureInfo.InvariantCulture);
        BigInteger divisor = BigInteger.Parse(Encoding.ASCII.GetString(b), CultureInfo.InvariantCulture);
        if (x >= y)
        {
            return (value % divisor * BigInteger.ModPow(10, x - y, divisor) % divisor).IsZero;
        }

        long shift = y - x;
        return shift <= a.Length && (value % (divisor * BigInteger.Pow(10, (int)shift))).IsZero;
    }

    private static ulong ParseSmall(ReadOnlySpan<byte> digits)
    {
        ulong value = 0;
        foreach (byte digit in digits)
        {
            value = (value * 10) + (uint)(digit - '0');
        }

        return value;
    }

    private static UInt128 Parse(ReadOnlySpan<byte> digits)
    {
        UInt128 value = 0;
        foreach (byte digit in digits)
        {
            value = value * 10 + (uint)(digit - '0');
        }

        return value;
    }

    private static UInt128 PowerOfTen(int exponent)
    {
        UInt128 power = 1;
        for (int i = 0; i < exponent; i++)
        {
            power *= 10;
        }

        return power;
    }

    /// <summary>10^exponent mod <paramref name="modulus"/> by squaring; every product stays below modulus² &lt; 2^128.</summary>
    private static UInt128 PowerOfTenModulo(long exponent, UInt128 modulus)
    {
        UInt128 result = 1 % modulus;
        UInt128 square = 10 % modulus;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0)
            {
                result = result * square % modulus;
            }

            square = square * square % modulus;
            exponent >>= 1;
        }

        return result;
    }
}
