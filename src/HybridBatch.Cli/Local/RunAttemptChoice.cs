using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Aggregation;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Which attempt at a file a run continues or starts, from what an earlier run left (<see cref="EarlierRun"/>): one
/// plan per run folder. The same settings resume the latest attempt; a finished attempt is not published again; other
/// settings are refused (exit 2) while the earlier attempt has chunk results, since its chunks and the new plan's would
/// mix; <c>--force</c> starts a new attempt in its own folder.
/// </summary>
internal static class RunAttemptChoice
{
    /// <returns>The attempt to run, whether it resumes an earlier one, and the earlier report when it is complete.</returns>
    public static (int Attempt, bool Resuming, RunReport? Complete) Choose(EarlierRun? earlier, RunSettings wanted, LocalRunRequest request, string objectRunId)
    {
        if (earlier is null)
        {
            return (1, false, null);
        }

        // Only a run whose chunks ran can mix with another plan; a plan alone (`plan`, a failed gate) is replaced.
        bool used = earlier.HasResults;
        if (request.Force)
        {
            // A new attempt only when there is something to start again from; else the earlier folder is just replanned.
            return used ? (earlier.Attempt + 1, false, null) : (earlier.Attempt, false, null);
        }

        IReadOnlyList<string> differences = earlier.Settings.Differences(wanted);
        if (differences.Count > 0 && used)
        {
            throw new UsageException(
                $"run {earlier.RunId} of this file was planned here with other settings ({string.Join(", ", differences)}); " +
                $"its chunks would mix with this plan's. Run again with its settings ({earlier.Settings.Describe()}) to resume it, " +
                $"or add --force to publish the file again as a new attempt (run {Core.Storage.RunId.ForAttempt(objectRunId, earlier.Attempt + 1)})");
        }

        if (!request.PlanOnly && differences.Count == 0 && earlier.Report is { Status: RunStatus.Succeeded } report)
        {
            return (earlier.Attempt, false, report);
        }

        return (earlier.Attempt, earlier.HasResults && differences.Count == 0, null);
    }
}
