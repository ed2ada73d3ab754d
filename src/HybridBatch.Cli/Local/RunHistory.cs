using System.Text.Json;
using HybridBatch.Core;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Json;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Reads what earlier runs of a file left in the work folder (its attempts <c>runs/{runId}/</c>,
/// <c>runs/{runId}-a2/</c>, …) and writes this run's <c>settings.json</c>, so a re-run can resume, refuse or start
/// a new attempt.
/// </summary>
internal static class RunHistory
{
    private const string SettingsFile = "settings.json";

    /// <summary>The latest attempt with a plan, or null when the file was never run into this folder.</summary>
    public static async Task<EarlierRun?> LatestAsync(IObjectStore store, string workBucket, string objectRunId, CancellationToken cancellationToken)
    {
        int latest = 0;
        for (int attempt = 1; ; attempt++)
        {
            var layout = new RunLayout(workBucket, RunId.ForAttempt(objectRunId, attempt));
            if (await store.StatAsync(layout.Plan, cancellationToken).ConfigureAwait(false) is null)
            {
                break;
            }

            latest = attempt;
        }

        if (latest == 0)
        {
            return null;
        }

        var found = new RunLayout(workBucket, RunId.ForAttempt(objectRunId, latest));
        RunSettings settings = await ReadSettingsAsync(store, found, cancellationToken).ConfigureAwait(false);
        bool hasResults = (await store.ListAsync(workBucket, found.ResultsPrefix, cancellationToken).ConfigureAwait(false)).Count > 0;
        RunReport? report = await store.StatAsync(found.Report, cancellationToken).ConfigureAwait(false) is null ? null
            : JsonSerializer.Deserialize(await store.ReadAllAsync(found.Report, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.RunReport);
        return new EarlierRun(latest, found.RunId, settings, hasResults, report);
    }

    public static Task WriteSettingsAsync(IObjectStore store, RunLayout layout, RunSettings settings, CancellationToken cancellationToken) =>
        store.WriteAsync(SettingsOf(layout), MinimalJsonEncoder.SerializeToUtf8Bytes(settings, LocalRunJson.Default.RunSettings), cancellationToken);

    private static async Task<RunSettings> ReadSettingsAsync(IObjectStore store, RunLayout layout, CancellationToken cancellationToken)
    {
        if (await store.StatAsync(SettingsOf(layout), cancellationToken).ConfigureAwait(false) is not null)
        {
            return JsonSerializer.Deserialize(await store.ReadAllAsync(SettingsOf(layout), cancellationToken).ConfigureAwait(false), LocalRunJson.Default.RunSettings)
                ?? throw new InvalidDataException($"{SettingsOf(layout)} is empty");
        }

        // A run folder from before settings.json: its plan says how it was cut.
        ChunkPlan plan = JsonSerializer.Deserialize(await store.ReadAllAsync(layout.Plan, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ChunkPlan)
            ?? throw new InvalidDataException($"{layout.Plan} is empty");
        return RunSettings.FromPlan(plan);
    }

    private static ObjectLocation SettingsOf(RunLayout layout) => layout.Plan.WithKey(layout.Prefix + SettingsFile);
}
