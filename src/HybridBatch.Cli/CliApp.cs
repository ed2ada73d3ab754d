using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Commands;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Schema;

namespace HybridBatch.Cli;

/// <summary>Dispatches a command line to its command and turns every failure into a message and an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            console.Out.Write(HelpText.Text);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        string command = args[0];
        string[] rest = args[1..];
        try
        {
            return command switch
            {
                "run" => await RunCommand.ExecuteAsync(Arguments(command, rest), console, environment, planOnly: false, cancellationToken).ConfigureAwait(false),
                "plan" => await RunCommand.ExecuteAsync(Arguments(command, rest), console, environment, planOnly: true, cancellationToken).ConfigureAwait(false),
                "demo" => await DemoCommand.ExecuteAsync(Arguments(command, rest), console, environment, cancellationToken).ConfigureAwait(false),
                "validate" => await ValidateCommand.ExecuteAsync(Arguments(command, rest), console, environment, cancellationToken).ConfigureAwait(false),
                "process" => await ProcessCommand.ExecuteAsync(Arguments(command, rest), console, environment, cancellationToken).ConfigureAwait(false),
                "generate" => GenerateCommand.Execute(Arguments(command, rest), console),
                "invoke" => await InvokeCommand.ExecuteAsync(Arguments(command, rest), console, environment, cancellationToken).ConfigureAwait(false),
                "calibrate" => await CalibrateCommand.ExecuteAsync(Arguments(command, rest), console, environment, cancellationToken).ConfigureAwait(false),
                "bench" => await BenchCommand.ExecuteAsync(Arguments(command, rest), console, environment, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{command}' (see 'hybridbatch help')"),
            };
        }
        catch (Exception failure)
        {
            return Report(failure, console, showStack: environment(DebugVariable) == "1");
        }
    }

    /// <summary>Set to 1 to print where an unexpected error happened (its stack trace); users never see one otherwise.</summary>
    internal const string DebugVariable = "HYBRIDBATCH_DEBUG";

    /// <summary>The one mapping from a failure to a message and an exit code (<see cref="ExitCodes.For"/>).</summary>
    internal static int Report(Exception failure, CliConsole console, bool showStack = false)
    {
        FailureClass failureClass = FailureTaxonomy.Classify(failure);
        switch (failureClass)
        {
            case FailureClass.Interrupted:
                // Only a plain cancellation is known to have stopped cleanly; anything else says how it stopped.
                console.Log.WriteLine(failure is OperationCanceledException
                    ? "interrupted: stopped cleanly; run the same command again to retry"
                    : $"interrupted: {failure.Message}");
                break;
            case FailureClass.Unexpected:
                console.Log.WriteLine($"error: {failure.GetType().Name}: {failure.Message}");
                console.Log.WriteLine(showStack
                    ? failure.StackTrace
                    : $"this is a bug in hybridbatch, not in your input: please report it with this message ({DebugVariable}=1 shows where it happened)");
                break;
            case FailureClass.StorageFull:
                console.Log.WriteLine($"error: {failure.Message}; what was committed before is kept: free space there, then run the same command again");
                break;
            case FailureClass.Transient:
                console.Log.WriteLine($"error: {failure.Message} (transient: worth another attempt)");
                break;
            default:
                console.Log.WriteLine(failure is SchemaLoadException ? $"error: schema: {failure.Message}" : $"error: {failure.Message}");
                break;
        }

        return ExitCodes.For(failureClass);
    }

    private static CommandArguments Arguments(string command, string[] rest) =>
        new(command, rest, new HashSet<string>(StringComparer.Ordinal) { "keep", "local", "force", "watch-parent", "strict-keywords", "large" });
}
