using System.Globalization;
using System.Runtime.CompilerServices;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A parsed JSON number. The common shapes are kept in a fast form that compares exactly: integers that fit a
/// <see cref="long"/>, and decimals of at most 15 significant digits as a <see cref="double"/>. Every other number
/// (more digits, exponents, <c>1e400</c>) is compared exactly on its text (see <see cref="ExactDecimal"/>).
/// </summary>
internal readonly struct JsonNumber
{
    private static readonly double[] _powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Integers below this in magnitude have at most 15 digits, so they compare exactly as doubles too.</summary>
    private const long ShortInt64Limit = 1_000_000_000_000_000;

    private readonly NumberForm _form;
    private readonly bool _isIntegral;

    private JsonNumber(long int64, double value, NumberForm form, bool isIntegral)
    {
        Int64 = int64;
        Double = value;
        _form = form;
        _isIntegral = isIntegral;
    }

    private enum NumberForm : byte
    {
        /// <summary>An integer in <see cref="Int64"/>.</summary>
        Int64,

        /// <summary>At most 15 significant digits in <see cref="Double"/>, which stands for exactly that decimal.</summary>
        ShortDouble,

        /// <summary>Only the text holds the value exactly; <see cref="Double"/> is an approximation.</summary>
        Text,

        /// <summary>The exponent is beyond <see cref="ExactDecimal.MaxExponent"/>: nothing can be compared.</summary>
        OutOfRange,
    }

    public long Int64 { get; }

    /// <summary>The nearest double (infinite for e.g. <c>1e400</c>); exact only for the fast forms.</summary>
    public double Double { get; }

    public bool IsInt64 => _form == NumberForm.Int64;

    /// <summary>False when the exponent is too large to compare (beyond ±10^15): such a number fails every check.</summary>
    public bool InRange => _form != NumberForm.OutOfRange;

    /// <summary>JSON Schema counts any number with a zero fractional part (<c>1.0</c>, <c>1e2</c>) as an integer.</summary>
    /// <remarks>Up to 15 digits a double tells integers from fractions exactly; asked only for integer types.</remarks>
    public bool IsIntegral => _form == NumberForm.ShortDouble ? Math.Floor(Double) == Double : _isIntegral;

    /// <summary>
    /// The value as a double when that double stands for it exactly and orders it exactly against a short bound (what
    /// <see cref="TryCompare"/> relies on): an integer below 10^15 in magnitude, or a decimal of the short form.
    /// </summary>
    public bool TryShortDouble(out double value)
    {
        value = Double;
        return _form == NumberForm.ShortDouble || (_form == NumberForm.Int64 && Int64 is > -ShortInt64Limit and < ShortInt64Limit);
    }

    public static JsonNumber FromInt64(long value) => new(value, value, NumberForm.Int64, true);

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

            if (i == utf8.Length && digits <= NumericBound.ShortDigits && decimals < _powersOfTen.Length)
            {
                return ShortDecimal(mantissa, decimals, negative);
            }
        }

        return ParseSlow(utf8);
    }

    /// <summary>
    /// The number at <paramref name="pos"/> of a record, scanned and parsed in one pass, when it is one of the short
    /// forms <see cref="Parse"/> takes by hand (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>, at most 18 digits without a fraction,
    /// 15 with one) and a <c>,</c> or <c>}</c> follows it directly. Then it returns where
    /// <see cref="JsonSyntax.ScanNumber"/> stops (it finds the same text well-formed), and <paramref name="number"/> is
    /// what <see cref="Parse"/> makes of it. -1 for anything else (an exponent, more digits, whitespace after it, a
    /// syntax error), which the caller then scans and parses the general way. The end comes back by value, not as an
    /// out parameter: a local whose address is taken stays in memory for the whole of the caller's loop.
    /// </summary>
    public static int ScanShort(ReadOnlySpan<byte> data, int pos, out JsonNumber number)
    {
        number = default;
        int i = pos;
        bool negative = (uint)i < (uint)data.Length && data[i] == (byte)'-';
        if (negative)
        {
            i++;
        }

        if ((uint)i >= (uint)data.Length)
        {
            return -1;
        }

        ulong mantissa = 0;
        int digits = 0;
        uint lead = (uint)(data[i] - '0');
        if (lead > 9)
        {
            return -1;
        }

        if (lead == 0)
        {
            // A leading zero stands alone: a digit after it is a syntax error, which the terminator check below refuses.
            i++;
            digits = 1;
        }
        else
        {
            for (; i < data.Length; i++)
            {
                uint digit = (uint)(data[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                mantissa = unchecked((mantissa * 10) + digit);
                digits++;
            }
        }

        int decimals = 0;
        if (i < data.Length && data[i] == (byte)'.')
        {
            for (i++; i < data.Length; i++)
            {
                uint digit = (uint)(data[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                mantissa = unchecked((mantissa * 10) + digit);
                digits++;
                decimals++;
            }

            if (decimals == 0)
            {
                return -1;
            }
        }

        if (i >= data.Length || data[i] is not ((byte)',' or (byte)'}'))
        {
            return -1;
        }

        if (decimals == 0)
        {
            if (digits > 18)
            {
                return -1;
            }

            number = FromInt64(negative ? -(long)mantissa : (long)mantissa);
        }
        else
        {
            if (digits > NumericBound.ShortDigits || decimals >= _powersOfTen.Length)
            {
                return -1;
            }

            number = ShortDecimal(mantissa, decimals, negative);
        }

        return i;
    }

    /// <summary>
    /// A decimal of at most 15 significant digits: both the mantissa and the power of ten are exact doubles, so one
    /// division is correctly rounded, the same value double.Parse gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JsonNumber ShortDecimal(ulong mantissa, int decimals, bool negative)
    {
        double value = mantissa / _powersOfTen[decimals];
        return new(0, negative ? -value : value, NumberForm.ShortDouble, false);
    }

    private static JsonNumber ParseSlow(ReadOnlySpan<byte> utf8)
    {
        if (long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long int64))
        {
            return FromInt64(int64);
        }

        double value = double.Parse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture);
        bool integral = ExactDecimal.IsIntegral(utf8, out bool inRange);
        return new(0, value, inRange ? NumberForm.Text : NumberForm.OutOfRange, integral);
    }

    /// <summary>
    /// Orders this number (written as <paramref name="text"/>) against a schema number, exactly. False when
    /// the number is out of range (see <see cref="InRange"/>).
    /// </summary>
    public bool TryCompare(NumericBound bound, ReadOnlySpan<byte> text, out int order)
    {
        // The two common cases first, as plain tests: this runs for every bound of every number in every record.
        if (_form == NumberForm.Int64)
        {
            if (bound.IsInt64)
            {
                order = Int64.CompareTo(bound.Int64);
                return true;
            }

            if (bound.IsShort && Int64 is > -ShortInt64Limit and < ShortInt64Limit)
            {
                order = Double.CompareTo(bound.Double);
                return true;
            }
        }
        else if (_form == NumberForm.ShortDouble && bound.IsShort)
        {
            order = Double.CompareTo(bound.Double);
            return true;
        }

        if (_form == NumberForm.OutOfRange)
        {
            order = 0;
            return false;
        }

        return ExactDecimal.TryCompare(text, bound, out order);
    }

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
