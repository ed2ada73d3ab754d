namespace HybridBatch.Cli.Tests;

/// <summary><c>run --destination kafka</c> without brokers: a cluster in the process, both routes publish to it, read back.</summary>
public class LocalKafkaTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Without_brokers_a_local_cluster_receives_every_valid_record_once_from_both_routes()
    {
        string input = _folder.File("orders.jsonl");
        await CliRunner.RunAsync("generate", "--records", "3000", "--invalid-rate", "0.005", "--out", input);

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "run", input, "--schema", "orders", "--destination", "kafka", "--chunk-records", "1200", "--threshold", "1000", "--out", _folder.File("out"));

        Assert.True(exitCode == 0, log + output);
        Assert.Contains("started a local Kafka cluster", log);
        Assert.Matches(@"found (\S+) records \(\1 distinct\), published \1: match", output);
        Assert.Contains("batch ", output);
        Assert.Contains("lambda ", output);
    }

    public void Dispose() => _folder.Dispose();
}
