namespace HybridBatch.Cli.Local;

/// <summary>
/// What a worker wrote to standard error, reduced to what the runner relays: its first error line (what
/// <c>CliApp.Report</c> prints first), else its last line that is neither a stack frame nor one of the JSON log lines
/// the worker writes for CloudWatch (<see cref="Wiring.WorkerJsonLog"/>), so a local run's console reads as before.
/// </summary>
internal sealed class WorkerLog
{
    private const int KeptLines = 20;
    private readonly Queue<string> _last = new();
    private string? _firstError;

    public void Add(string line)
    {
        lock (_last)
        {
            if (_firstError is null && (line.StartsWith("error:", StringComparison.Ordinal) || line.StartsWith("interrupted:", StringComparison.Ordinal)))
            {
                _firstError = line;
            }

            _last.Enqueue(line);
            if (_last.Count > KeptLines)
            {
                _last.Dequeue();
            }
        }
    }

    /// <summary>The line that says what went wrong, or null when the worker wrote nothing useful.</summary>
    public string? Message
    {
        get
        {
            lock (_last)
            {
                return _firstError ?? _last.LastOrDefault(line => !IsStackFrame(line) && !IsJsonLogLine(line) && line.Trim().Length > 0);
            }
        }
    }

    private static bool IsJsonLogLine(string line) => line.StartsWith('{');

    // "   at Namespace.Type.Method() in /path/File.cs:line 42" and the async "--- End of stack trace ---" markers.
    private static bool IsStackFrame(string line)
    {
        string trimmed = line.TrimStart();
        return trimmed.StartsWith("at ", StringComparison.Ordinal) || trimmed.StartsWith("--- End of", StringComparison.Ordinal);
    }
}
