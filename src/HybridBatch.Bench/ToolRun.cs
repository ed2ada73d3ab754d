using System.ComponentModel;
using System.Diagnostics;

namespace HybridBatch.Bench;

/// <summary>Runs one of the bench's helper programs (kcat, ldd, apt-get) to its end and keeps what it printed.</summary>
public static class ToolRun
{
    /// <summary>A start for <paramref name="fileName"/> with <paramref name="arguments"/>, both outputs captured.</summary>
    public static ProcessStartInfo Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The exit code and both outputs, or null when the program cannot be started (not installed).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)?> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                string output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return (process.ExitCode, output, await errors.ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // an interrupted bench leaves no helper running
                throw;
            }
        }
    }
}
