using HybridBatch.Core.Logging;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>An <see cref="ILog"/> that keeps what was logged, template values included, for the adapters' log tests.</summary>
internal sealed class RecordingLog : ILog
{
    private readonly List<(LogLevel Level, string Template, object?[] Values)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Template, object?[] Values)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(LogLevel level, string template, Exception? exception, params ReadOnlySpan<object?> values)
    {
        lock (_lines)
        {
            _lines.Add((level, template, values.ToArray()));
        }
    }
}
