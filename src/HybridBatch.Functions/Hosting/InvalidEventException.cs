namespace HybridBatch.Functions.Hosting;

/// <summary>The invocation's event is not what the handler accepts; the message names the field.</summary>
internal sealed class InvalidEventException : Exception
{
    public InvalidEventException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
