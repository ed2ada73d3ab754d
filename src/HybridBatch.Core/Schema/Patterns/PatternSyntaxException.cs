namespace HybridBatch.Core.Schema;

/// <summary>
/// A pattern that ECMA-262 with the <c>u</c> flag refuses (or one this validator cannot run exactly, which it
/// says). <see cref="Offset"/> is the 0-based UTF-16 index in the pattern where the problem starts.
/// </summary>
internal sealed class PatternSyntaxException : Exception
{
    public PatternSyntaxException(int offset, string reason)
        : base($"at offset {offset}: {reason}")
    {
        Offset = offset;
        Reason = reason;
    }

    public int Offset { get; }

    public string Reason { get; }
}
