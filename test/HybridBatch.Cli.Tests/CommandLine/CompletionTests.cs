namespace HybridBatch.Cli.Tests.CommandLine;

/// <summary>
/// Shell completion comes from the same declarations: System.CommandLine's <c>[suggest:POSITION]</c> directive
/// (what <c>dotnet-suggest</c>'s shell shims call) lists the commands, options and allowed values that fit.
/// </summary>
public sealed class CompletionTests
{
    [Theory]
    [InlineData("ru", "run")]
    [InlineData("run --csv-q", "--csv-quotes")]
    [InlineData("run --csv-quotes ", "lenient")]
    [InlineData("process --route l", "lambda")]
    [InlineData("invoke ", "process-chunk")]
    public async Task Completion_offers_what_the_declarations_allow(string line, string offered)
    {
        (int exitCode, string output, string log) = await CliRunner.RunAsync($"[suggest:{line.Length}]", line);

        Assert.True(exitCode == 0, log);
        Assert.Contains(offered, output.Split('\n', StringSplitOptions.TrimEntries));
    }
}
