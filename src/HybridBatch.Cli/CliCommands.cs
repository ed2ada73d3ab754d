using System.CommandLine;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Commands;

namespace HybridBatch.Cli;

/// <summary>Runs one command with its parsed arguments; returns the exit code.</summary>
internal delegate Task<int> CommandHandler(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken);

/// <summary>
/// Every command with its options and what runs it: the one declaration that parsing, validation, help, typo
/// suggestions and shell completion (<c>[suggest]</c>) come from.
/// </summary>
internal static class CliCommands
{
    /// <summary>The command tree: <c>hybridbatch COMMAND [options]</c>.</summary>
    public static RootCommand Root { get; }

    /// <summary><c>hybridbatch help [COMMAND]</c>: the same text as <c>--help</c>.</summary>
    public static Command Help { get; }

    /// <summary>The handler of each command but <see cref="Help"/>.</summary>
    public static IReadOnlyDictionary<Command, CommandHandler> Handlers { get; }

    /// <summary>The parser's settings: <c>@file</c> is an input path, not a response file.</summary>
    public static ParserConfiguration Configuration { get; } = new() { ResponseFileTokenReplacer = null };

    static CliCommands()
    {
        var handlers = new Dictionary<Command, CommandHandler>();
        Root = new RootCommand("hybridbatch: validate a large record file, split it, route each chunk to Lambda or Batch, publish, report.");
        // No --version: the exit codes and this help are the CLI's whole contract, and a version says nothing a build id does not.
        Root.Options.Remove(Root.Options.OfType<VersionOption>().Single());

        Add(new Command("demo", "generate sample orders and run them end to end")
        {
            RunOptions.DemoRecords, RunOptions.DemoOut, RunOptions.DemoSeed, RunOptions.DemoInvalidRate,
        }, [.. EngineOptions.Settings, .. Except(RunOptions.Local, RunOptions.Out, RunOptions.WorkBucket)], DemoCommand.ExecuteAsync);
        Add(new Command("run", "the whole flow on this machine (or on an s3:// input, with workers on this machine)") { RunOptions.File, EngineOptions.Schema },
            [.. EngineOptions.Input, .. EngineOptions.Settings, .. RunOptions.Local],
            (args, console, environment, token) => RunCommand.ExecuteAsync(args, console, environment, planOnly: false, token));
        Add(new Command("plan", "split and route only: the chunks, routes, cost and an estimate of the local run; --simulate aws also "
            + "projects an AWS run with the template's settings") { RunOptions.File, EngineOptions.Schema },
            [.. EngineOptions.Input, .. EngineOptions.Settings, .. RunOptions.Local, RunOptions.Simulate, RunOptions.SimulatedRecords],
            (args, console, environment, token) => RunCommand.ExecuteAsync(args, console, environment, planOnly: true, token));
        Add(new Command("calibrate", "measure this build's records/s per core (scan, split, process, publishing to each reachable "
            + "destination) and write them as the cost model plan and run read") { ToolOptions.CalibrateDestination, ToolOptions.CalibrateRecords, ToolOptions.CalibrateOut },
            [], CalibrateCommand.ExecuteAsync);
        Add(new Command("validate", "the split as the Batch validation job runs it; with --run-id, exit 4 when the object is no longer that run's")
            { EngineOptions.Schema }, [.. WorkerOptions.Validate, .. EngineOptions.Input, .. EngineOptions.Split], ValidateCommand.ExecuteAsync);
        Add(new Command("process", "one chunk, as the Batch processing job runs it (and a local run starts it for Batch-route chunks); "
            + "prints the chunk's result as JSON"), [.. WorkerOptions.Process, .. EngineOptions.Processing], ProcessCommand.ExecuteAsync);
        Add(new Command("generate", "synthetic records for a schema, optionally with invalid ones"), ToolOptions.Generate,
            (args, console, _, _) => Task.FromResult(GenerateCommand.Execute(args, console)));
        Add(new Command("bench", "throughput next to baselines measured in the same run; whole plan and run processes next to ajv and Python")
        {
            ToolOptions.BenchRecords, ToolOptions.PythonRecords, ToolOptions.Repetitions, ToolOptions.BenchDestination,
            ToolOptions.BenchThreads, ToolOptions.Large, ToolOptions.LargeRecords, ToolOptions.Keep,
        }, [], BenchCommand.ExecuteAsync);
        Add(new Command("invoke", "one Lambda handler in this process with the function settings from the environment; the event on "
            + "standard input, the response JSON on standard output, logs on standard error") { ToolOptions.Handler, ToolOptions.TimeoutSeconds },
            [], InvokeCommand.ExecuteAsync);

        var topic = new Argument<string?>("COMMAND") { Description = "the command to describe", Arity = ArgumentArity.ZeroOrOne };
        topic.CompletionSources.Add([.. handlers.Keys.Select(c => c.Name)]);
        Help = new Command("help", "this text, or with COMMAND that command's options") { topic };
        Root.Add(Help);
        Handlers = handlers;

        void Add(Command command, IEnumerable<Option> shared, CommandHandler handler)
        {
            foreach (Option option in shared.Distinct())
            {
                command.Add(option);
            }

            Root.Add(command);
            handlers.Add(command, handler);
        }
    }

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public static Command? Find(string name) => Root.Subcommands.FirstOrDefault(c => c.Name == name);

    private static IEnumerable<Option> Except(IEnumerable<Option> options, params Option[] left) => options.Except(left);
}
