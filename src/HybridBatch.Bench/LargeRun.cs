namespace HybridBatch.Bench;

/// <summary>
/// One timed <c>run --destination file</c> of a large generated file: the outside clock (<see cref="Seconds"/>, process
/// start included) and, from the run's report, the split's share and the report's wall clock (split + chunks), so the
/// bench can say where the time went.
/// </summary>
public sealed record LargeRun(long Records, long Bytes, double Seconds, double SplitSeconds, double ReportSeconds)
{
    /// <summary>From the end of the split to the last chunk's end: the publishing phase.</summary>
    public double ChunkSeconds => ReportSeconds - SplitSeconds;

    /// <summary>What the report's wall clock leaves out: process start, gate, plan and report writing, exit.</summary>
    public double RestSeconds => Seconds - ReportSeconds;
}
