using System.Runtime.InteropServices;

namespace HybridBatch.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // SIGTERM (spot reclaim, job timeout, TerminateJob) and Ctrl+C cancel the work cleanly instead of killing it.
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, !Console.IsErrorRedirected) { In = Console.In }, Environment.GetEnvironmentVariable, stop.Token).ConfigureAwait(false);
    }
}
