using System.Text.Json;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Aggregation;

/// <summary>
/// The aggregate use case: reads the validation report, the plan and every chunk result, accounts for every
/// record (published, rejected, or not processed with the failed chunk named), and stores <c>report.json</c>.
/// </summary>
public sealed class AggregateRun
{
    /// <summary>The share of chunks (percent) that may fail with the run still succeeding, unless a setting says otherwise: none.</summary>
    public const double DefaultToleratedFailurePercentage = 0;

    private readonly IObjectStore _store;
    private readonly TimeProvider _time;

    public AggregateRun(IObjectStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <param name="workBucket">Where the run's files are.</param>
    /// <param name="runId">The run.</param>
    /// <param name="destination">Where records were published, for the report.</param>
    /// <param name="toleratedFailurePercentage">Share of chunks (0..100) that may fail with the run still succeeding.</param>
    /// <param name="cancellationToken">Cancels the reads and the write.</param>
    public Task<RunReport> ExecuteAsync(string workBucket, string runId, string destination, double toleratedFailurePercentage, CancellationToken cancellationToken) =>
        ExecuteAsync(workBucket, runId, destination, toleratedFailurePercentage, mapError: null, cancellationToken);

    /// <param name="workBucket">Where the run's files are.</param>
    /// <param name="runId">The run.</param>
    /// <param name="destination">Where records were published, for the report.</param>
    /// <param name="toleratedFailurePercentage">Share of chunks (0..100) that may fail with the run still succeeding.</param>
    /// <param name="mapError">
    /// Why the orchestration over the chunks failed (Step Functions' Map error and cause), or null. When given, the
    /// run has failed whatever the chunk results say: the report says so and carries the error.
    /// </param>
    /// <param name="cancellationToken">Cancels the reads and the write.</param>
    public Task<RunReport> ExecuteAsync(string workBucket, string runId, string destination, double toleratedFailurePercentage, string? mapError, CancellationToken cancellationToken) =>
        ExecuteAsync(workBucket, runId, destination, toleratedFailurePercentage, mapError, estimate: null, cancellationToken);

    /// <param name="workBucket">Where the run's files are.</param>
    /// <param name="runId">The run.</param>
    /// <param name="destination">Where records were published, for the report.</param>
    /// <param name="toleratedFailurePercentage">Share of chunks (0..100) that may fail with the run still succeeding.</param>
    /// <param name="mapError">Why the orchestration over the chunks failed, or null.</param>
    /// <param name="estimate">What the cost model expected of the whole run, shown beside the actual figures; or null.</param>
    /// <param name="cancellationToken">Cancels the reads and the write.</param>
    public async Task<RunReport> ExecuteAsync(string workBucket, string runId, string destination, double toleratedFailurePercentage, string? mapError, RunEstimate? estimate, CancellationToken cancellationToken)
    {
        if (toleratedFailurePercentage is < 0 or > 100 || double.IsNaN(toleratedFailurePercentage))
        {
            throw new ArgumentOutOfRangeException(nameof(toleratedFailurePercentage), toleratedFailurePercentage, "ToleratedFailurePercentage must be between 0 and 100");
        }

        var layout = new RunLayout(workBucket, runId);
        ValidationReport validation = JsonSerializer.Deserialize(await _store.ReadAllAsync(layout.Validation, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ValidationReport)
            ?? throw new InvalidDataException($"{layout.Validation} is empty");
        ChunkPlan plan = JsonSerializer.Deserialize(await _store.ReadAllAsync(layout.Plan, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ChunkPlan)
            ?? throw new InvalidDataException($"{layout.Plan} is empty");
        Dictionary<int, ChunkResult> results = validation.Gate.Passed ? await ReadResultsAsync(layout, cancellationToken).ConfigureAwait(false) : [];

        var ledger = new RunLedger(plan, validation, results);
        RunReport report = ledger.ToReport(destination, toleratedFailurePercentage, _time.GetUtcNow(), layout.Rejects.Key, mapError, estimate);
        await _store.WriteAsync(layout.Report, MinimalJsonEncoder.SerializeToUtf8Bytes(report, HybridBatchJson.Default.RunReport), cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<Dictionary<int, ChunkResult>> ReadResultsAsync(RunLayout layout, CancellationToken cancellationToken)
    {
        var results = new Dictionary<int, ChunkResult>();
        foreach (string key in await _store.ListAsync(layout.WorkBucket, layout.ResultsPrefix, cancellationToken).ConfigureAwait(false))
        {
            byte[] json = await _store.ReadAllAsync(layout.Plan.WithKey(key), cancellationToken).ConfigureAwait(false);
            ChunkResult result = JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkResult)
                ?? throw new InvalidDataException($"{key} is empty");
            results[result.ChunkId] = result;
        }

        return results;
    }
}
