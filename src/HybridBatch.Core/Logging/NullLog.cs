namespace HybridBatch.Core.Logging;

/// <summary>Writes nothing: for callers (tests, tools) that do not log.</summary>
public sealed class NullLog : ILog
{
    public static readonly NullLog Instance = new();

    private NullLog()
    {
    }

    public void Write(LogLevel level, string template, Exception? exception, params ReadOnlySpan<object?> values)
    {
    }
}
