using HybridBatch.Core.Aggregation;

namespace HybridBatch.Functions.Events;

/// <summary><c>$.report</c>: the run's outcome in a few numbers; the full report is at <see cref="ReportKey"/>.</summary>
internal sealed record AggregateAnswer
{
    public required string RunId { get; init; }

    /// <summary><c>succeeded</c>, <c>failed</c> (chunks failed beyond the tolerance, or the Map failed) or <c>validation_failed</c>.</summary>
    public required RunStatus Status { get; init; }

    public required string WorkBucket { get; init; }

    public required string ReportKey { get; init; }

    public required long TotalRecords { get; init; }

    public required long Published { get; init; }

    public required long Rejected { get; init; }

    public required long NotProcessed { get; init; }

    public required int FailedChunks { get; init; }

    public static AggregateAnswer From(RunReport report, string workBucket, string reportKey) => new()
    {
        RunId = report.RunId,
        Status = report.Status,
        WorkBucket = workBucket,
        ReportKey = reportKey,
        TotalRecords = report.TotalRecords,
        Published = report.Published,
        Rejected = report.Rejected,
        NotProcessed = report.NotProcessed,
        FailedChunks = report.FailedChunks.Count,
    };
}
