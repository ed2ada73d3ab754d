using HybridBatch.Cli.Local;

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

    [Fact]
    public async Task Kafka_librdkafka_picks_the_build_that_hosts_the_cluster_and_publishes_and_a_missing_one_is_refused()
    {
        string input = _folder.File("orders.jsonl");
        await CliRunner.RunAsync("generate", "--records", "500", "--out", input);
        string bundled = Path.Combine(Path.GetDirectoryName(typeof(LocalKafkaTests).Assembly.Location)!, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
        string[] run = ["run", input, "--schema", "orders", "--destination", "kafka", "--chunk-records", "500", "--out", _folder.File("out")];

        // A process binds one librdkafka, so each run is a process of its own.
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        (int exitCode, string output, string log) = await ChildProcess.RunAsync(fileName, [.. prefix, .. run], _folder.File(""),
            new Dictionary<string, string?> { ["KAFKA_LIBRDKAFKA"] = bundled }, TimeSpan.FromMinutes(3));
        (int missingExit, _, string missingLog) = await ChildProcess.RunAsync(fileName, [.. prefix, .. run], _folder.File(""),
            new Dictionary<string, string?> { ["KAFKA_LIBRDKAFKA"] = bundled + ".missing" }, TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, log + output);
        Assert.Contains("found 500 records (500 distinct), published 500: match", output);
        Assert.Contains($"({bundled})", log);
        Assert.NotEqual(0, missingExit);
        Assert.Contains("KAFKA_LIBRDKAFKA", missingLog);
    }

    public void Dispose() => _folder.Dispose();
}
