using HybridBatch.Core.Failures;

namespace HybridBatch.Cli.Local;

/// <summary>Another run of the same file into the same folder holds the lock: try again later (exit 75).</summary>
internal sealed class RunLockedException(string message) : Exception(message), IClassifiedFailure
{
    public FailureClass FailureClass => FailureClass.Transient;
}
