using HybridBatch.Core.Failures;

namespace HybridBatch.Cli.Local;

/// <summary>
/// A local run stopped by SIGINT or SIGTERM, after every worker was reaped and every in-process chunk returned; the
/// message says whether each stopped by itself or had to be killed. Retried (exit 75): a re-run resumes.
/// </summary>
internal sealed class RunStoppedException(string message) : Exception(message), IClassifiedFailure
{
    public FailureClass FailureClass => FailureClass.Interrupted;
}
