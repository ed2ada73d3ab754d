using System.Globalization;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A parsed JSON number. Integers that fit are kept as <see cref="long"/> so bounds near 2^63 compare exactly;
/// everything else is a finite <see cref="double"/>.
/// </summary>
internal readonly struct JsonNumber
{
    private static readonly double[] _powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private JsonNumber(long int64, double value, bool isInt64, bool isFinite)
    {
        Int64 = int64;
        Double = value;
        IsInt64 = isInt64;
        IsFinite = isFinite;
    }

    public long Int64 { get; }

    public double Double { get; }

    public bool IsInt64 { get; }

    /// <summary>False when the text overflows a double (e.g. <c>1e400</c>): no comparison is meaningful then.</summary>
    public bool IsFinite { get; }

    /// <summary>JSON Schema counts any number with a zero fractional part (e.g. <c>1.0</c>) as an integer.</summary>
    public bool IsIntegral => IsInt64 || (IsFinite && Math.Floor(Double) == Double);

    public static JsonNumber FromInt64(long value) => new(value, value, true, true);

    public static JsonNumber FromDouble(double value) =>
        double.IsFinite(value) ? new(0, value, false, true) : new(0, value, false, false);

    /// <summary>Parses text already known to follow the JSON number grammar.</summary>
    public static JsonNumber Parse(ReadOnlySpan<byte> utf8)
    {
        // Fast path for the common shapes (-)digits and (-)digits.digits, which dominate record data and parse
        // several times faster by hand. Up to 15 significant digits and 22 decimals both the mantissa and the
        // power of ten are exact doubles, so one division is correctly rounded: the same value double.Parse gives.
        int i = 0;
        bool negative = utf8[0] == (byte)'-';
        if (negative)
        {
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0;
        for (; i < utf8.Length; i++)
        {
            uint digit = (uint)(utf8[i] - '0');
            if (digit > 9)
            {
                break;
            }

            mantissa = unchecked((mantissa * 10) + digit);
            digits++;
        }

        if (i == utf8.Length && digits <= 18)
        {
            return FromInt64(negative ? -(long)mantissa : (long)mantissa);
        }

        if (i < utf8.Length && utf8[i] == (byte)'.')
        {
            int decimals = 0;
            for (i++; i < utf8.Length; i++)
            {
                uint digit = (uint)(utf8[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                mantissa = unchecked((mantissa * 10) + digit);
                digits++;
                decimals++;
            }

            if (i == utf8.Length && digits <= 15 && decimals < _powersOfTen.Length)
            {
                double value = mantissa / _powersOfTen[decimals];
                return FromDouble(negative ? -value : value);
            }
        }

        return ParseSlow(utf8);
    }

    private static JsonNumber ParseSlow(ReadOnlySpan<byte> utf8)
    {
        if (long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long int64))
        {
            return FromInt64(int64);
        }

        if (double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return FromDouble(value);
        }

        return new(0, double.NaN, false, false);
    }

    /// <summary>Compares with a bound; only meaningful when <see cref="IsFinite"/>.</summary>
    public int CompareTo(in NumericBound bound)
    {
        if (IsInt64 && bound.IsInt64)
        {
            return Int64.CompareTo(bound.Int64);
        }

        return Double.CompareTo(bound.Double);
    }

    public bool NumericallyEquals(in NumericBound other) => IsFinite && CompareTo(other) == 0;

    /// <summary>True when <paramref name="utf8"/> is exactly one JSON number token (RFC 8259 grammar).</summary>
    public static bool IsValidText(ReadOnlySpan<byte> utf8)
    {
        int i = 0;
        if (i < utf8.Length && utf8[i] == (byte)'-')
        {
            i++;
        }

        if (i >= utf8.Length)
        {
            return false;
        }

        if (utf8[i] == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(utf8[i]))
        {
            while (i < utf8.Length && IsDigit(utf8[i]))
            {
                i++;
            }
        }
        else
        {
            return false;
        }

        if (i < utf8.Length && utf8[i] == (byte)'.')
        {
            i++;
            int start = i;
            while (i < utf8.Length && IsDigit(utf8[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < utf8.Length && (utf8[i] == (byte)'e' || utf8[i] == (byte)'E'))
        {
            i++;
            if (i < utf8.Length && (utf8[i] == (byte)'+' || utf8[i] == (byte)'-'))
            {
                i++;
            }

            int start = i;
            while (i < utf8.Length && IsDigit(utf8[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == utf8.Length;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
