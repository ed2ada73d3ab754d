using HybridBatch.Core.Failures;

namespace HybridBatch.Functions.Events;

/// <summary>The invocation's event is not what the handler accepts; the message names the field.</summary>
internal sealed class InvalidEventException : Exception, IClassifiedFailure
{
    public InvalidEventException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public FailureClass FailureClass => FailureClass.InvalidInput;
}
