using System.Globalization;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A number from the schema (a bound, or an enum or const member) with its exact decimal value, the fast forms
/// that compare exactly where they can, and its source text for messages. A class, not a struct: bounds are
/// asked for several times per record, and a reference is not copied.
/// </summary>
internal sealed class NumericBound
{
    /// <summary>The largest significant-digit count for which distinct decimals are distinct doubles (DBL_DIG).</summary>
    public const int ShortDigits = 15;

    private readonly byte[] _digits;

    private NumericBound(string text, bool negative, byte[] digits, long exponent)
    {
        Text = text;
        Negative = negative;
        _digits = digits;
        Exponent = exponent;
        ReadOnlySpan<byte> utf8 = Encoding.UTF8.GetBytes(text);
        IsInt64 = long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long int64);
        Int64 = int64;
        Double = double.Parse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture);

        // Two decimals of at most 15 significant digits in the normal range round to distinct doubles, in order,
        // so comparing such a bound with such a value as doubles is exact.
        IsShort = digits.Length <= ShortDigits && exponent is > -300 and < 300;

        // 0.d1…dn × 10^e = (d1…dn) × 10^(e−n): an integer over a power of ten, kept when both fit 18 digits.
        long scale = exponent - digits.Length;
        int plainCount = digits.Length + (int)Math.Max(scale, 0);
        if (digits.Length > 0 && plainCount <= 18 && scale >= -18)
        {
            ulong plain = 0;
            foreach (byte digit in digits)
            {
                plain = (plain * 10) + (uint)(digit - '0');
            }

            for (long i = 0; i < scale; i++)
            {
                plain *= 10;
            }

            PlainDigits = plain;
            PlainDigitCount = plainCount;
            PlainScale = (int)Math.Max(-scale, 0);
        }
    }

    /// <summary>
    /// The value's magnitude as <see cref="PlainDigits"/> × 10^−<see cref="PlainScale"/> with at most 18 digits and a
    /// scale of at most 18 (0.01 is 1 and 2, 500 is 500 and 0); 0 when it has no such form or is zero.
    /// </summary>
    public ulong PlainDigits { get; }

    /// <summary>How many digits <see cref="PlainDigits"/> has.</summary>
    public int PlainDigitCount { get; }

    /// <summary>See <see cref="PlainDigits"/>.</summary>
    public int PlainScale { get; }

    public long Int64 { get; }

    public double Double { get; }

    /// <summary>True when the value is an integer written without fraction or exponent that fits a long.</summary>
    public bool IsInt64 { get; }

    /// <summary>True when a double comparison with a value of at most 15 significant digits is exact.</summary>
    public bool IsShort { get; }

    public bool Negative { get; }

    /// <summary>The significant digits (see <see cref="ExactDecimal"/>); empty for zero.</summary>
    public ReadOnlySpan<byte> Digits => _digits;

    public long Exponent { get; }

    public string Text { get; }

    /// <summary>Reads a schema number; null when its exponent is beyond <see cref="ExactDecimal.MaxExponent"/>.</summary>
    public static NumericBound? FromText(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        byte[] digits = new byte[utf8.Length];
        int count = ExactDecimal.Normalize(utf8, digits, out bool negative, out long exponent);
        return count < 0 ? null : new NumericBound(text, negative, digits[..count], exponent);
    }
}
