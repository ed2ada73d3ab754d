namespace HybridBatch.Cli.Tests;

/// <summary>Runs the CLI in this process with captured output and an explicit environment (no process-wide changes).</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Out, string Log)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunWithInputAsync(environment, "", args);

    /// <summary>Runs the CLI with <paramref name="input"/> as its standard input.</summary>
    public static async Task<(int ExitCode, string Out, string Log)> RunWithInputAsync(IReadOnlyDictionary<string, string>? environment, string input, params string[] args)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        int exitCode = await CliApp.RunAsync(args, new CliConsole(output, log, Interactive: false) { In = new StringReader(input) },
            name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null, CancellationToken.None);
        return (exitCode, output.ToString(), log.ToString());
    }

    public static Task<(int ExitCode, string Out, string Log)> RunAsync(params string[] args) => RunAsync(null, args);
}
