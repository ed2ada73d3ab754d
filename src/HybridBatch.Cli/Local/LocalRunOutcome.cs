using HybridBatch.Core.Aggregation;

namespace HybridBatch.Cli.Local;

/// <summary>How a local run ended.</summary>
/// <param name="Report">The run's report (this run's, or the stored one of a run that was already complete).</param>
/// <param name="AlreadyComplete">An earlier run published everything; nothing was run.</param>
/// <param name="FailedTransiently">
/// The run failed, and every failed chunk failed for a reason another attempt can fix (transient, interrupted, killed
/// by a signal, never reported): running the same command again resumes them.
/// </param>
internal sealed record LocalRunOutcome(RunReport Report, bool AlreadyComplete, bool FailedTransiently);
