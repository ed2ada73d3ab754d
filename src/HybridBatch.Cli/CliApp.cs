using System.CommandLine;
using System.CommandLine.Help;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli;

/// <summary>Dispatches a command line to its command and turns every failure into a message and an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken) =>
        await RunAsync(args, console, environment, whenAllRead: null, cancellationToken).ConfigureAwait(false);

    /// <summary>As above; <c>whenAllRead</c> is called when the command has read its options (a test compares what it read with what it declares).</summary>
    internal static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, Action<CommandArguments>? whenAllRead, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            HelpWriter.Write(CliCommands.Root, console.Out);
            return ExitCodes.Usage;
        }

        try
        {
            ParseResult parse = CliCommands.Root.Parse(args, CliCommands.Configuration);
            Command command = parse.CommandResult.Command;
            if (parse.Action is HelpAction)
            {
                HelpWriter.Write(command, console.Out);
                return ExitCodes.Success;
            }

            if (parse.Errors.Count > 0)
            {
                throw new UsageException(ParseErrors.Describe(parse));
            }

            if (parse.Action is not null)
            {
                // A directive: [suggest:N] (shell completion from the declarations) lists what may come next.
                return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Log, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                    cancellationToken).ConfigureAwait(false);
            }

            if (command == CliCommands.Help)
            {
                return WriteHelp(parse, console);
            }

            return await CliCommands.Handlers[command](new CommandArguments(parse, whenAllRead), console, environment, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            return Report(failure, console, showStack: new SettingsReader(environment).Text(DebugVariable) == "1");
        }
    }

    // hybridbatch help [COMMAND]
    private static int WriteHelp(ParseResult parse, CliConsole console)
    {
        string? topic = parse.GetValue((Argument<string?>)CliCommands.Help.Arguments[0]);
        Command command = topic is null ? CliCommands.Root
            : CliCommands.Find(topic) ?? throw new UsageException($"help: unknown command '{topic}'{Suggestions.For(topic, CliCommands.Root.Subcommands.Select(c => c.Name), quote: true)} (see 'hybridbatch help')");
        HelpWriter.Write(command, console.Out);
        return ExitCodes.Success;
    }

    /// <summary>Set to 1 to print where an unexpected error happened (its stack trace); users never see one otherwise.</summary>
    internal const string DebugVariable = SettingNames.Debug;

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
}
