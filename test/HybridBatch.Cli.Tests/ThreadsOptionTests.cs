namespace HybridBatch.Cli.Tests;

/// <summary><c>--threads</c>: one setting (SplitOptions.Threads), checked where it is read, named when wrong.</summary>
public sealed class ThreadsOptionTests
{
    [Theory]
    [InlineData("plan", "0")]
    [InlineData("run", "257")]
    public async Task Threads_outside_1_to_256_is_a_usage_error_naming_the_option(string command, string threads)
    {
        using var folder = new TempFolder();
        string input = folder.File("orders.jsonl");
        File.WriteAllText(input, "{\"a\":1}\n");

        (int exitCode, _, string log) = await CliRunner.RunAsync(command, input, "--schema", "orders", "--out", folder.File("out"), "--threads", threads);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Threads (--threads) must be between 1 and 256, got {threads}", log);
    }

    [Fact]
    public async Task Help_describes_threads()
    {
        (_, string output, _) = await CliRunner.RunAsync("help");

        Assert.Contains("--threads N", output);
    }
}
