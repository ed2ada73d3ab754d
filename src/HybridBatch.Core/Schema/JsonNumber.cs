using System.Globalization;
using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A parsed JSON number. Integers that fit are kept as <see cref="long"/> so bounds near 2^63 compare exactly;
/// everything else is a finite <see cref="double"/>.
/// </summary>
internal readonly struct JsonNumber
{
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

    public static JsonNumber Read(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out long int64))
        {
            return FromInt64(int64);
        }

        // TryGetDouble refuses values that overflow to infinity.
        return reader.TryGetDouble(out double value) ? FromDouble(value) : new(0, double.NaN, false, false);
    }

    /// <summary>Parses text already known to follow the JSON number grammar.</summary>
    public static JsonNumber Parse(ReadOnlySpan<byte> utf8)
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
