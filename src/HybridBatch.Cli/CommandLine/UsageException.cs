using HybridBatch.Core.Failures;

namespace HybridBatch.Cli.CommandLine;

/// <summary>The command line or a setting is wrong; the message says which one.</summary>
internal sealed class UsageException(string message) : Exception(message), IClassifiedFailure
{
    public FailureClass FailureClass => FailureClass.Configuration;
}
