namespace HybridBatch.Core.Records;

/// <summary>
/// The input as a whole cannot be read as its format says (a quoted CSV field that never closes, a truncated or
/// corrupt gzip stream, UTF-16 text, CR-only line ends). Not one record's fault, so never one record's reject: the
/// split turns it into a structural error at the gate and nothing is published. Retrying does not help.
/// </summary>
public sealed class InputFormatException : Exception
{
    /// <param name="message">What is wrong and where (line, byte offset), phrased for the validation report.</param>
    public InputFormatException(string message)
        : base(message)
    {
    }

    public InputFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
