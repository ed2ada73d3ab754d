using System.Diagnostics;

namespace HybridBatch.Cli.Local;

/// <summary>Runs <c>hybridbatch process …</c> as a child process, as the Batch container would, and keeps the end of its output.</summary>
internal static class ChildProcessRunner
{
    private const int KeptLines = 20;

    public static async Task<(int ExitCode, IReadOnlyList<string> LastLines)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (string argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new Queue<string>();
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Enqueue(e.Data);
                if (lines.Count > KeptLines)
                {
                    lines.Dequeue();
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (lines)
        {
            return (process.ExitCode, lines.ToArray());
        }
    }
}
