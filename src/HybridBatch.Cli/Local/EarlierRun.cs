using HybridBatch.Core.Aggregation;

namespace HybridBatch.Cli.Local;

/// <summary>The latest attempt at a file found in the run folder, before this run writes anything.</summary>
/// <param name="Attempt">1 for <c>runs/{runId}/</c>, n for <c>runs/{runId}-a{n}/</c> (<c>--force</c>).</param>
/// <param name="RunId">That attempt's run id.</param>
/// <param name="Settings">What it was planned with.</param>
/// <param name="HasResults">Whether any chunk of it ran (stored a result): only then can its chunks mix with another plan's.</param>
/// <param name="Report">Its report, when it got that far.</param>
internal sealed record EarlierRun(int Attempt, string RunId, RunSettings Settings, bool HasResults, RunReport? Report);
