using System.Diagnostics;
using HybridBatch.Core.Processing;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Runs <c>hybridbatch process …</c> as a child process, as the Batch container would, and sees it to its end: the
/// worker's standard input is a pipe from this process that is never written, so it closes when this process dies
/// however it dies (SIGKILL included) and the worker, started with <c>--watch-parent</c>, stops at its next batch; the
/// worker holds no terminal, so it can never be stopped by SIGTTOU/SIGTTIN; when the run stops, the worker is sent
/// SIGTERM, given <see cref="StopGrace"/> to stop cleanly (exit 75), and only then killed; it is always reaped.
/// </summary>
internal static class ChildProcessRunner
{
    /// <summary>How long a worker asked to stop may take to finish its batch and abort its step before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    /// <param name="arguments">The worker's arguments after the executable.</param>
    /// <param name="environment">Variables on top of this process's environment.</param>
    /// <param name="relay">Where the worker's standard output goes line by line (<c>--destination stdout</c>); null drops it.</param>
    /// <param name="stop">Stops the worker (SIGTERM, then SIGKILL after <see cref="StopGrace"/>).</param>
    /// <returns>How the worker ended, or null when <paramref name="stop"/> fired before it was started.</returns>
    public static async Task<WorkerExit?> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, StdoutRelay? relay, CancellationToken stop)
    {
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
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

        if (stop.IsCancellationRequested)
        {
            return null;
        }

        var log = new WorkerLog();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Add(e.Data);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        // Standard output is read to its end whatever happens, so the worker never blocks on a full pipe.
        Task output = relay is null
            ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null)
            : relay.PumpAsync(process.StandardOutput.BaseStream);
        bool askedToStop = false;
        bool killed = false;
        try
        {
            await process.WaitForExitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            askedToStop = true;
            killed = !await StopAsync(process).ConfigureAwait(false);
        }

        await output.ConfigureAwait(false);
        process.StandardInput.Dispose();
        return new WorkerExit(process.Id, process.ExitCode, log.Message, askedToStop, killed);
    }

    // SIGTERM, then the grace period, then SIGKILL; true when the worker stopped by itself. Always reaps it.
    private static async Task<bool> StopAsync(Process process)
    {
        Posix.Signal(process.Id, Posix.SigTerm);
        using (var grace = new CancellationTokenSource(StopGrace))
        {
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                // Still running: kill it below.
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return false;
    }
}
