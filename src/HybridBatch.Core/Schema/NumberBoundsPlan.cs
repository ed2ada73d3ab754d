namespace HybridBatch.Core.Schema;

/// <summary>
/// A node's numeric bounds as four doubles, absent ones infinite, for values in a short form
/// (<see cref="JsonNumber.TryShortDouble"/>): one pass through four compares instead of a call per bound. Usable only
/// when every bound present is short (<see cref="NumericBound.IsShort"/>), so that each compare is the exact one
/// <see cref="JsonNumber.TryCompare"/> would make, and nothing but bounds checks numbers.
/// </summary>
internal readonly struct NumberBoundsPlan
{
    /// <summary>No plan: <see cref="SchemaNode.CheckNumber"/> goes the general way.</summary>
    public static readonly NumberBoundsPlan Unbounded = default;

    private readonly double _low;
    private readonly double _lowExclusive;
    private readonly double _high;
    private readonly double _highExclusive;

    private NumberBoundsPlan(double low, double lowExclusive, double high, double highExclusive)
    {
        Usable = true;
        _low = low;
        _lowExclusive = lowExclusive;
        _high = high;
        _highExclusive = highExclusive;
    }

    public bool Usable { get; }

    /// <summary>
    /// The plan for these bounds; <see cref="Unbounded"/> when <paramref name="boundsOnly"/> is false (an enum or
    /// const checks numbers too), when there is no bound, or when a bound is not short.
    /// </summary>
    public static NumberBoundsPlan Of(bool boundsOnly, NumericBound? minimum, NumericBound? exclusiveMinimum, NumericBound? maximum, NumericBound? exclusiveMaximum)
    {
        bool any = minimum is not null || exclusiveMinimum is not null || maximum is not null || exclusiveMaximum is not null;
        bool allShort = IsShortOrAbsent(minimum) && IsShortOrAbsent(exclusiveMinimum) && IsShortOrAbsent(maximum) && IsShortOrAbsent(exclusiveMaximum);
        if (!boundsOnly || !any || !allShort)
        {
            return Unbounded;
        }

        return new NumberBoundsPlan(
            minimum?.Double ?? double.NegativeInfinity,
            exclusiveMinimum?.Double ?? double.NegativeInfinity,
            maximum?.Double ?? double.PositiveInfinity,
            exclusiveMaximum?.Double ?? double.PositiveInfinity);
    }

    /// <summary>
    /// True when <paramref name="value"/> (a short form's exact double) meets every bound. The operators order as
    /// <see cref="double.CompareTo(double)"/> does for these values (no NaN; <c>-0</c> equals <c>0</c>).
    /// </summary>
    public bool Holds(double value) => value >= _low && value > _lowExclusive && value <= _high && value < _highExclusive;

    private static bool IsShortOrAbsent(NumericBound? bound) => bound is null || bound.IsShort;
}
