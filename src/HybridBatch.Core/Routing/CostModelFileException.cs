using HybridBatch.Core.Failures;

namespace HybridBatch.Core.Routing;

/// <summary>A cost model file cannot be used; the message names the file, and the property and line when known. A setting: exit 2.</summary>
public sealed class CostModelFileException(string message) : Exception(message), IClassifiedFailure
{
    public FailureClass FailureClass => FailureClass.Configuration;
}
