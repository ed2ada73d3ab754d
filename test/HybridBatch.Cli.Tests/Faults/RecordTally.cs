namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// What a destination holds against what it should: the valid records missing from it, the records in it that the
/// split rejected, and the records in it more than once. The one definition of "every valid record, exactly once" for
/// the fault tests of every destination.
/// </summary>
internal sealed record RecordTally(long[] Missing, long[] Unexpected, long[] Duplicated)
{
    public static RecordTally Of(IEnumerable<long> valid, IEnumerable<long> found)
    {
        HashSet<long> expected = [.. valid];
        Dictionary<long, int> counts = found.GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        return new RecordTally(
            [.. expected.Where(i => !counts.ContainsKey(i)).Order()],
            [.. counts.Keys.Where(i => !expected.Contains(i)).Order()],
            [.. counts.Where(p => p.Value > 1).Select(p => p.Key).Order()]);
    }

    /// <summary>Why the destination does not hold every valid record and nothing else, or null when it does.</summary>
    public string? NotAllValid() =>
        Missing.Length > 0 ? $"{Missing.Length} valid records missing, first {First(Missing)}"
        : Unexpected.Length > 0 ? $"{Unexpected.Length} records arrived that the split rejected, first {First(Unexpected)}"
        : null;

    /// <summary>Why the destination does not hold every valid record exactly once, or null when it does.</summary>
    public string? NotExactlyOnce() =>
        NotAllValid() ?? (Duplicated.Length > 0 ? $"{Duplicated.Length} records more than once, first {First(Duplicated)}" : null);

    private static string First(long[] indexes) => string.Join(", ", indexes.Take(5));
}
