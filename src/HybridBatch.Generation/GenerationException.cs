using HybridBatch.Core.Failures;

namespace HybridBatch.Generation;

/// <summary>
/// The generator could not make records the schema accepts (or a corruption the schema rejects) within its bounded
/// number of tries. A property of the schema, not of the machine: a configuration failure (exit 2), whose message
/// names the record, the seed and the validator's reason with its schema location.
/// </summary>
public sealed class GenerationException : Exception, IClassifiedFailure
{
    public GenerationException(string message)
        : base(message)
    {
    }

    public GenerationException()
    {
    }

    public GenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FailureClass FailureClass => FailureClass.Configuration;
}
