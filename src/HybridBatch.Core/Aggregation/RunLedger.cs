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

    public RunReport ToReport(string destination, double toleratedFailurePercentage, DateTimeOffset now, string rejectsKey, string? mapError = null)
    {
        var failed = new List<FailedChunk>();
        var byRoute = new Dictionary<Route, List<ChunkResult>>();
        long published = 0;
        long withoutKeyField = 0;
        bool objectChanged = false;
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
                null => "no result: the chunk never reported",
                { Status: not ChunkResult.Succeeded } => $"{result.ErrorType}: {result.Error}",
                _ when result.Published != valid => $"result says {result.Published} published, the plan has {valid} valid records",
                _ => null,
            };
            objectChanged |= result is { Status: not ChunkResult.Succeeded, ErrorType: nameof(ObjectChangedException) };
            if (problem is null)
            {
                published += valid;
                withoutKeyField += result!.WithoutKeyField;
            }
            else
            {
                failed.Add(new FailedChunk(chunk.ChunkId, result?.Route, chunk.StartIndex, chunk.EndIndex, valid, problem));
            }
        }

        long rejected = _validation.RejectedRecords;
        long notProcessed = _validation.TotalRecords - rejected - published;
        double failedPercentage = _plan.Chunks.Count == 0 ? 0 : 100.0 * failed.Count / _plan.Chunks.Count;
        string status = !_validation.Gate.Passed ? RunReport.ValidationFailed
            : failedPercentage > toleratedFailurePercentage || mapError is not null ? RunReport.Failed
            : RunReport.Succeeded;
        DateTimeOffset end = _results.Count == 0 ? now : _results.Values.Max(r => r.FinishedAt);
        double wallClock = Math.Max((end - _validation.StartedAt).TotalSeconds, 1e-3);
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
            Routes = byRoute.ToDictionary(p => p.Key == Route.Lambda ? "lambda" : "batch", p => Totals(p.Value)),
            FailedChunks = failed,
            ToleratedFailurePercentage = toleratedFailurePercentage,
            WallClockSeconds = wallClock,
            RecordsPerSecond = published / wallClock,
            EstimatedCostUsd = _results.Values.Sum(r => r.EstimatedCostUsd),
            GateReasons = _validation.Gate.Reasons,
            FirstErrors = _validation.FirstErrors,
            RejectsKey = rejectsKey,
            MapError = mapError,
            WithoutKeyField = withoutKeyField,
            PublishedBeforeObjectChanged = objectChanged ? published : null,
            GeneratedAt = now,
        };
    }

    private static RouteTotals Totals(List<ChunkResult> results) => new()
    {
        Chunks = results.Count,
        FailedChunks = results.Count(r => r.Status != ChunkResult.Succeeded),
        Records = results.Sum(r => r.Records),
        Published = results.Where(r => r.Status == ChunkResult.Succeeded).Sum(r => r.Published),
        WorkerSeconds = results.Sum(r => r.DurationSeconds),
        MaxChunkSeconds = results.Count == 0 ? 0 : results.Max(r => r.DurationSeconds),
        EstimatedCostUsd = results.Sum(r => r.EstimatedCostUsd),
    };
}
