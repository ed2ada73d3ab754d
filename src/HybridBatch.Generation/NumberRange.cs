using System.Globalization;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// The numbers a set of schemas allows, read from the validator's model: the strictest of their bounds and the
/// least common multiple of their <c>multipleOf</c>s, in <see cref="decimal"/> so both are exact. Values are drawn
/// as whole multiples of the step (or as cents, without one), so they are exact by construction.
/// </summary>
internal sealed class NumberRange
{
    /// <summary>Range used when a side has no bound; keeps values realistic and short.</summary>
    private const long DefaultSpan = 10_000;

    // Clamping to this magnitude keeps longs and cents from overflowing.
    private const decimal MaxMagnitude = 1_000_000_000_000m;

    private decimal? _lower;
    private bool _lowerExclusive;
    private decimal? _upper;
    private bool _upperExclusive;
    private decimal? _step;

    public static NumberRange For(IReadOnlyList<SchemaNode> nodes)
    {
        var range = new NumberRange();
        foreach (SchemaNode node in nodes)
        {
            range.Tighten(node.Minimum, exclusive: false, lower: true);
            range.Tighten(node.ExclusiveMinimum, exclusive: true, lower: true);
            range.Tighten(node.Maximum, exclusive: false, lower: false);
            range.Tighten(node.ExclusiveMaximum, exclusive: true, lower: false);
            if (node.Compound?.MultipleOf is { } multiple && ToDecimal(multiple) is decimal step && step > 0)
            {
                range._step = range._step is decimal current ? LeastCommonMultiple(current, step) : step;
            }
        }

        return range;
    }

    public void WriteInteger(ref SplitMix64 random, ValueBuffer output)
    {
        // An integer multiple of a fractional step is a multiple of the step's numerator over its decimal scale.
        decimal step = _step is decimal s ? IntegerStep(s) : 1;
        output.Append(Text(Draw(step, ref random) * step));
    }

    public void WriteNumber(ref SplitMix64 random, ValueBuffer output)
    {
        if (_step is decimal step)
        {
            output.Append(Text(Draw(step, ref random) * step));
            return;
        }

        // Without a step, numbers are written as cents (two decimals), as exports of prices look.
        long cents = (long)Draw(0.01m, ref random);
        if (cents < 0)
        {
            output.AppendByte((byte)'-');
            cents = -cents;
        }

        output.AppendInt64(cents / 100);
        output.AppendByte((byte)'.');
        output.AppendDigits(cents % 100, 2);
    }

    /// <summary>A whole number k with k × <paramref name="unit"/> inside the bounds (the lower bound when none is).</summary>
    private decimal Draw(decimal unit, ref SplitMix64 random)
    {
        decimal? lo = null;
        decimal? hi = null;
        if (_lower is decimal lower)
        {
            decimal k = decimal.Ceiling(lower / unit);
            lo = _lowerExclusive && k * unit == lower ? k + 1 : k;
        }

        if (_upper is decimal upper)
        {
            decimal k = decimal.Floor(upper / unit);
            hi = _upperExclusive && k * unit == upper ? k - 1 : k;
        }

        decimal limit = decimal.Floor(MaxMagnitude / unit);
        decimal span = Math.Min(decimal.Floor(DefaultSpan / unit), limit);
        decimal min = lo is decimal a ? Math.Max(a, -limit) : hi is decimal b ? Math.Max(Math.Min(b, limit) - span, -limit) : 0;
        decimal max = hi is decimal c ? Math.Min(c, limit) : Math.Min(min + span, limit);
        if (min > max)
        {
            // Nothing fits: the value is out of bounds and the check says which bound.
            return min;
        }

        return min + random.NextInclusive(0, (long)Math.Min(max - min, long.MaxValue - 1));
    }

    private void Tighten(NumericBound? bound, bool exclusive, bool lower)
    {
        if (bound is null || ToDecimal(bound) is not decimal value)
        {
            return;
        }

        if (lower)
        {
            if (_lower is not decimal current || value > current || (value == current && exclusive))
            {
                _lower = value;
                _lowerExclusive = exclusive;
            }
        }
        else if (_upper is not decimal current || value < current || (value == current && exclusive))
        {
            _upper = value;
            _upperExclusive = exclusive;
        }
    }

    /// <summary>The bound as a decimal; beyond decimal's range it is clamped (values stay far inside it anyway).</summary>
    private static decimal? ToDecimal(NumericBound bound)
    {
        if (decimal.TryParse(bound.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
        {
            return value;
        }

        return double.IsFinite(bound.Double) ? (decimal)Math.Clamp(bound.Double, -7.9e27, 7.9e27) : null;
    }

    private static decimal IntegerStep(decimal step)
    {
        decimal scale = 1;
        while (decimal.Truncate(step * scale) != step * scale)
        {
            scale *= 10;
        }

        decimal numerator = step * scale;
        return numerator / Gcd(numerator, scale);
    }

    private static decimal LeastCommonMultiple(decimal a, decimal b)
    {
        try
        {
            decimal scale = 1;
            while (decimal.Truncate(a * scale) != a * scale || decimal.Truncate(b * scale) != b * scale)
            {
                scale *= 10;
            }

            decimal x = a * scale;
            decimal y = b * scale;
            return x / Gcd(x, y) * y / scale;
        }
        catch (OverflowException)
        {
            // No exact common step in decimal's range: keep the first; the check judges the other.
            return a;
        }
    }

    private static decimal Gcd(decimal a, decimal b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>Plain decimal text without trailing fraction zeros (so an integer step gives integers).</summary>
    private static byte[] Text(decimal value)
    {
        string text = (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        return System.Text.Encoding.ASCII.GetBytes(text);
    }
}
