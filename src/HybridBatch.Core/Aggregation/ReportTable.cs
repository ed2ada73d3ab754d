using System.Globalization;
using System.Text;

namespace HybridBatch.Core.Aggregation;

/// <summary>Renders a run report as a short table for a terminal.</summary>
public static class ReportTable
{
    public static string Render(RunReport report)
    {
        var text = new StringBuilder();
        Line(text, $"Run {report.RunId}: {report.Status.WireName().ToUpperInvariant()}  ({report.Source})");
        Line(text, $"  records      {report.TotalRecords,14:N0}");
        Line(text, $"  published    {report.Published,14:N0}   to {report.Destination}");
        Line(text, $"  rejected     {report.Rejected,14:N0}   listed in {report.RejectsKey}");
        Line(text, $"  not processed{report.NotProcessed,14:N0}");
        if (report.PublishedBeforeObjectChanged is long before)
        {
            Line(text, $"  published before the object changed: {before:N0} (they stay published; the changed object is a new run that publishes all its records)");
        }

        if (report.WithoutKeyField > 0)
        {
            Line(text, $"  without key field{report.WithoutKeyField,10:N0}   keyed by their identity (runId:index) instead");
        }

        if (report.ChunksReused > 0)
        {
            Line(text, $"  reused       {report.ReusedRecords,14:N0}   in {report.ChunksReused:N0} chunks published by an earlier run; {report.PublishedNow:N0} in {report.ChunksPublishedNow:N0} chunks published now");
        }

        Line(text, $"  {"route",-8} {"chunks",7} {"failed",7} {"records",12} {"published",12} {"worker s",10} {"est. s",8} {"rec/s",11} {"est. rec/s",11} {"max s",8} {"est. $",10}");
        foreach ((string route, RouteTotals totals) in report.Routes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Line(text, $"  {route,-8} {totals.Chunks,7:N0} {totals.FailedChunks,7:N0} {totals.Records,12:N0} {totals.Published,12:N0} {totals.WorkerSeconds,10:F1} {Seconds(totals.EstimatedWorkerSeconds),8} {Rate(totals.Records, totals.WorkerSeconds),11} {Rate(totals.Records, totals.EstimatedWorkerSeconds),11} {totals.MaxChunkSeconds,8:F1} {totals.EstimatedCostUsd,10:F4}");
        }

        Line(text, $"  wall clock {report.WallClockSeconds:F1} s, {report.RecordsPerSecond:N0} records/s, estimated cost ${report.EstimatedCostUsd:F4}");
        if (report.Estimate is { } estimate)
        {
            // Estimate beside actual, so a cost model that drifts from this machine shows at once.
            Line(text, $"  estimate vs actual: split {estimate.SplitSeconds:F1} s / {report.SplitSeconds:F1} s, wall clock {estimate.WallClockSeconds:F1} s / {report.WallClockSeconds:F1} s ({Ratio(report.WallClockSeconds, estimate.WallClockSeconds)}); cost model: {estimate.CostModelSource}");
        }

        foreach (string reason in report.GateReasons)
        {
            Line(text, $"  gate: {reason}");
        }

        foreach (FailedChunk chunk in report.FailedChunks)
        {
            Line(text, $"  failed chunk {chunk.ChunkId} (records {chunk.StartIndex}..{chunk.EndIndex - 1}, {chunk.NotProcessed:N0} not processed): {chunk.Error}");
        }

        foreach (Splitting.RejectedRecord error in report.FirstErrors.Take(5))
        {
            Line(text, $"  rejected line {error.Line} (byte {error.ByteOffset}): {(error.Field.Length == 0 ? "" : error.Field + ": ")}{error.Reason}");
        }

        return text.ToString();
    }

    private static string Seconds(double seconds) => seconds > 0 ? seconds.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static string Rate(long records, double seconds) => seconds > 0 ? (records / seconds).ToString("N0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Actual over estimate, e.g. "took 1.3x the estimate".</summary>
    private static string Ratio(double actual, double estimated) =>
        estimated > 0 ? string.Create(CultureInfo.InvariantCulture, $"took {actual / estimated:F2}x the estimate") : "no estimate";

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
