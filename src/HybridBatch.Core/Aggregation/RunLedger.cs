using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Aggregation;

/// <summary>
/// Adds up one run: for every planned chunk, its result or its absence. A chunk counts as published only when
/// its result succeeded and its counts match the plan; anything else is a failed chunk whose valid records
/// are "not processed".
/// </summary>
internal sealed class RunLedger
{
    private readonly ChunkPlan _plan;
    private readonly ValidationReport _validation;
    private readonly IReadOnlyDictionary<int, ChunkResult> _results;

    public RunLedger(ChunkPlan plan, ValidationReport validation, IReadOnlyDictionary<int, ChunkResult> results)
    {
        _plan = plan;
        _validation = validation;
        _results = results;
    }

    public RunReport ToReport(string destination, double toleratedFailurePercentage, DateTimeOffset now, string rejectsKey, string? mapError = null, RunEstimate? estimate = null)
    {
        var failed = new List<FailedChunk>();
        var byRoute = new Dictionary<Route, List<ChunkResult>>();
        long published = 0;
        long withoutKeyField = 0;
        bool objectChanged = false;
        int reusedChunks = 0;
        long reusedRecords = 0;
        foreach (ChunkPlanEntry chunk in _plan.Chunks)
        {
            long valid = chunk.Records - chunk.Rejected;
            if (!_validation.Gate.Passed)
            {
                continue;
            }

            _results.TryGetValue(chunk.ChunkId, out ChunkResult? result);
            if (result is not null)
            {
                (byRoute.TryGetValue(result.Route, out List<ChunkResult>? list) ? list : byRoute[result.Route] = []).Add(result);
            }

            string? problem = result switch
            {
                null => NeverReported,
                { Status: not ChunkStatus.Succeeded } => $"{result.ErrorType}: {result.Error}",
                _ when result.Published != valid => $"result says {result.Published} published, the plan has {valid} valid records",
                _ => null,
            };
            objectChanged |= result is { Status: not ChunkStatus.Succeeded, ErrorType: nameof(ObjectChangedException) };
            if (problem is null)
            {
                published += valid;
                withoutKeyField += result!.WithoutKeyField;
                if (IsReused(result!))
                {
                    reusedChunks++;
                    reusedRecords += valid;
                }
            }
            else
            {
                // A chunk with no result was cut short from outside (a killed worker, a stop): another attempt can do it.
                bool retryable = result is null || result is { Status: not ChunkStatus.Succeeded, ErrorType: "Interrupted" };
                failed.Add(new FailedChunk(chunk.ChunkId, result?.Route, chunk.StartIndex, chunk.EndIndex, valid, problem) { Retryable = retryable });
            }
        }

        long rejected = _validation.RejectedRecords;
        long notProcessed = _validation.TotalRecords - rejected - published;
        double failedPercentage = _plan.Chunks.Count == 0 ? 0 : 100.0 * failed.Count / _plan.Chunks.Count;
        RunStatus status = !_validation.Gate.Passed ? RunStatus.ValidationFailed
            : failedPercentage > toleratedFailurePercentage || mapError is not null ? RunStatus.Failed
            : RunStatus.Succeeded;
        // This run's time: from its split to the last chunk it ran; chunks reused from an earlier run add nothing.
        List<ChunkResult> ranNow = _results.Values.Where(r => !IsReused(r)).ToList();
        DateTimeOffset end = ranNow.Count == 0 ? now : ranNow.Max(r => r.FinishedAt);
        double wallClock = Math.Max((end - _validation.StartedAt).TotalSeconds, 1e-3);
        long publishedNow = published - reusedRecords;
        return new RunReport
        {
            RunId = _plan.RunId,
            Source = _plan.Source,
            Status = status,
            Destination = destination,
            TotalRecords = _validation.TotalRecords,
            Published = published,
            Rejected = rejected,
            NotProcessed = notProcessed,
            Chunks = _plan.Chunks.Count,
            Routes = byRoute.ToDictionary(p => p.Key.WireName(), p => Totals(p.Value)),
            FailedChunks = failed,
            ToleratedFailurePercentage = toleratedFailurePercentage,
            WallClockSeconds = wallClock,
            ChunksReused = reusedChunks,
            ReusedRecords = reusedRecords,
            ChunksPublishedNow = _plan.Chunks.Count - failed.Count - reusedChunks,
            PublishedNow = publishedNow,
            RecordsPerSecond = publishedNow / wallClock,
            EstimatedCostUsd = _results.Values.Sum(r => r.EstimatedCostUsd),
            GateReasons = _validation.Gate.Reasons,
            FirstErrors = _validation.FirstErrors,
            RejectsKey = rejectsKey,
            MapError = mapError,
            WithoutKeyField = withoutKeyField,
            PublishedBeforeObjectChanged = objectChanged ? published : null,
            GeneratedAt = now,
            SplitSeconds = _validation.DurationSeconds,
            Estimate = estimate,
        };
    }

    /// <summary>What a chunk with no result is reported as: transient, since nothing but its worker's end stopped it.</summary>
    public const string NeverReported = "no result: the chunk never reported (its worker died or was stopped before storing one; transient: a re-run resumes it)";

    // A result stored before this run's split began: an earlier run of the same plan published the chunk.
    private bool IsReused(ChunkResult result) => result.Status == ChunkStatus.Succeeded && result.StartedAt < _validation.StartedAt;

    private static RouteTotals Totals(List<ChunkResult> results) => new()
    {
        Chunks = results.Count,
        FailedChunks = results.Count(r => r.Status != ChunkStatus.Succeeded),
        Records = results.Sum(r => r.Records),
        Published = results.Where(r => r.Status == ChunkStatus.Succeeded).Sum(r => r.Published),
        WorkerSeconds = results.Sum(r => r.DurationSeconds),
        MaxChunkSeconds = results.Count == 0 ? 0 : results.Max(r => r.DurationSeconds),
        EstimatedCostUsd = results.Sum(r => r.EstimatedCostUsd),
        EstimatedWorkerSeconds = results.Sum(r => r.EstimatedSeconds),
    };
}
