using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Commands;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;

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
                "bench" => await BenchCommand.ExecuteAsync(Arguments(command, rest), console, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{command}' (see 'hybridbatch help')"),
            };
        }
        catch (UsageException usage)
        {
            console.Log.WriteLine($"error: {usage.Message}");
            return ExitCodes.Usage;
        }
        catch (SchemaLoadException schema)
        {
            console.Log.WriteLine($"error: schema: {schema.Message}");
            return ExitCodes.Usage;
        }
        catch (FileNotFoundException missing)
        {
            console.Log.WriteLine($"error: {missing.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception data) when (data is ChunkDataException or ObjectChangedException or SchemaMismatchException or InputFormatException)
        {
            console.Log.WriteLine($"error: {data.Message}");
            return ExitCodes.ChunkFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Log.WriteLine("interrupted: stopped cleanly; run the same command again to retry");
            return ExitCodes.Retryable;
        }
        catch (Exception unexpected)
        {
            console.Log.WriteLine($"error: {unexpected.GetType().Name}: {unexpected.Message}");
            console.Log.WriteLine(unexpected.StackTrace);
            return ExitCodes.InternalError;
        }
    }

    private static CommandArguments Arguments(string command, string[] rest) =>
        new(command, rest, new HashSet<string>(StringComparer.Ordinal) { "keep", "local" });
}
