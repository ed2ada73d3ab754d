namespace HybridBatch.Cli.Tests;

public class DemoCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Demo_accounts_for_every_generated_record()
    {
        (int exitCode, string output, string log) = await CliRunner.RunAsync("demo", "--records", "5000", "--out", _folder.Path, "--destination", "discard");

        Assert.True(exitCode == 0, log + output);
        Assert.Contains("every record accounted for", output);
        Assert.Contains("generated 5,000 (", output);
    }

    public void Dispose() => _folder.Dispose();
}
