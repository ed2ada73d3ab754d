namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// How many windows of one step's records it takes to hold every duplicated record: a crash (or a failed attempt)
/// may resend the step it was in, so duplicates must fit in at most one window per interrupted attempt.
/// </summary>
internal static class StepWindows
{
    /// <summary>The fewest windows of <paramref name="stepRecords"/> consecutive record indexes that cover <paramref name="indexes"/>.</summary>
    public static int Cover(IEnumerable<long> indexes, long stepRecords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepRecords, 1);
        int windows = 0;
        long end = long.MinValue;
        foreach (long index in indexes.Order())
        {
            // Greedy from the left is optimal for covering points on a line with intervals of one length.
            if (index >= end)
            {
                windows++;
                end = index + stepRecords;
            }
        }

        return windows;
    }
}
