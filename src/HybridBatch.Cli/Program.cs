using System.Runtime.InteropServices;

namespace HybridBatch.Cli;

internal static class Program
{
    /// <summary>
    /// How long after SIGTERM or Ctrl+C the work may take to stop cleanly before the process exits anyway (exit 75):
    /// longer than a local run's grace for its workers (<see cref="Local.ChildProcessRunner.StopGrace"/>), as long as a
    /// Batch container's default stop timeout, so a read or a pattern match that does not watch the token cannot keep
    /// a stopped run alive. A second signal ends the process at once, except for <c>process</c>: a local worker in the
    /// terminal's process group gets Ctrl+C from the terminal and SIGTERM from its runner, one stop, not two.
    /// </summary>
    private static readonly TimeSpan s_forcedExitAfter = TimeSpan.FromSeconds(30);

    private static int s_signals;

    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // SIGTERM (spot reclaim, job timeout, TerminateJob) and Ctrl+C cancel the work cleanly instead of killing it.
        bool secondSignalEnds = args.FirstOrDefault() != "process";
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnStopSignal(context, stop, secondSignalEnds));
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnStopSignal(context, stop, secondSignalEnds));
        return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, !Console.IsErrorRedirected) { In = Console.In }, Environment.GetEnvironmentVariable, stop.Token).ConfigureAwait(false);
    }

    private static void OnStopSignal(PosixSignalContext context, CancellationTokenSource stop, bool secondSignalEnds)
    {
        if (Interlocked.Increment(ref s_signals) > 1)
        {
            if (!secondSignalEnds)
            {
                context.Cancel = true;
                return;
            }

            // The second signal: the default action, which ends the process now.
            Console.Error.WriteLine("interrupted again: exiting without waiting for a clean stop; run the same command again to resume");
            return;
        }

        context.Cancel = true;
        stop.Cancel();
        var deadline = new Thread(() =>
        {
            Thread.Sleep(s_forcedExitAfter);
            Console.Error.WriteLine($"interrupted: the work did not stop within {s_forcedExitAfter.TotalSeconds:F0} s of the signal; exiting without a clean stop; run the same command again to resume");
            Environment.Exit(ExitCodes.Retryable);
        })
        { IsBackground = true, Name = "forced exit" };
        deadline.Start();
    }
}
