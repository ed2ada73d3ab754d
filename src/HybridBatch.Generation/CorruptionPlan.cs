namespace HybridBatch.Generation;

/// <summary>
/// The corruptions a schema allows, grouped by kind. Picking the kind first keeps the mix varied: a schema
/// with many required properties would otherwise be dominated by missing-property records.
/// </summary>
internal sealed class CorruptionPlan
{
    private readonly Corruption[][] _byKind;

    public CorruptionPlan(IEnumerable<Corruption> options)
    {
        _byKind = [.. options.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g => g.ToArray())];
        if (_byKind.Length == 0)
        {
            throw new InvalidOperationException("A corruption plan needs at least one option.");
        }
    }

    public IEnumerable<CorruptionKind> Kinds => _byKind.Select(g => g[0].Kind);

    public Corruption Pick(ref SplitMix64 random)
    {
        var group = _byKind[random.Next(_byKind.Length)];
        return group[random.Next(group.Length)];
    }
}
