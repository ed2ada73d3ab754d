using HybridBatch.Core.Logging;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The one log line of a finished split, written by every host that splits (the split function, the Batch validation
/// job, the local run), so a split reads the same in every route's logs and one query finds them all.
/// </summary>
public static class SplitSummaryLog
{
    public static void Write(ILog log, ObjectLocation source, SplitSummary summary, bool needsBatchValidation) =>
        log.Info("Split {Object}: {Records} records, {Rejected} rejected, {Chunks} chunks, gate passed {GatePassed}, needs Batch validation {NeedsBatchValidation}",
            source, summary.TotalRecords, summary.RejectedRecords, summary.Chunks, summary.GatePassed, needsBatchValidation);
}
