using System.Collections.Concurrent;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>
/// A local run hands its <c>process</c> workers the settings they read, explicitly (<see cref="WorkerEnvironment"/>):
/// every variable a worker reads, but the ones Batch sets per job, must be among them, or a worker runs with
/// defaults its parent did not (a librdkafka build, a step size, the log's service name). Once a hand-written list
/// that missed several; now the catalog's.
/// </summary>
public sealed class WorkerEnvironmentTests : IDisposable
{
    private static readonly HashSet<string> s_setByBatchPerJob =
        [SettingNames.BatchJobId, SettingNames.BatchJobAttempt, SettingNames.BatchJobArrayIndex];

    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("kafka")]
    [InlineData("sqs_core")]
    [InlineData("file")]
    public async Task Every_variable_a_worker_reads_is_forwarded_to_it(string destination)
    {
        // Valid values for everything a worker might read, so it reads on until it finds no plan in the (empty) bucket.
        var given = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingNames.Region] = "us-east-1",
            [SettingNames.EndpointUrlS3] = "http://127.0.0.1:9",
            [SettingNames.EndpointUrlSqs] = "http://127.0.0.1:9",
            [SettingNames.AccessKeyId] = "test",
            [SettingNames.SecretAccessKey] = "test",
            [SettingNames.KafkaBrokers] = "127.0.0.1:9",
            [SettingNames.KafkaTopic] = "orders",
            [SettingNames.SqsQueue] = "http://127.0.0.1:9/000000000000/orders",
        };
        var read = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        string[] args = ["process", "--work", _folder.Path, "--run-id", "r", "--chunk-id", "0", "--start-index", "0", "--end-index", "1",
            "--destination", destination, "--out", _folder.Path];

        await CliApp.RunAsync(args, new CliConsole(new StringWriter(), new StringWriter(), Interactive: false), name =>
        {
            read[name] = true;
            return given.GetValueOrDefault(name);
        }, CancellationToken.None);

        Dictionary<string, string> forwarded = WorkerEnvironment.Capture(name => "set");
        string[] missing = [.. read.Keys.Where(name => SettingsCatalog.Contains(name) && !s_setByBatchPerJob.Contains(name) && !forwarded.ContainsKey(name)).Order(StringComparer.Ordinal)];
        Assert.True(read.Count > 3, $"the worker read only {string.Join(", ", read.Keys)}");
        Assert.True(missing.Length == 0, $"a worker reads {string.Join(", ", missing)}, which the runner does not forward");
    }

    [Fact]
    public void Nothing_but_catalogued_settings_is_forwarded_and_never_what_batch_sets_per_job()
    {
        Dictionary<string, string> forwarded = WorkerEnvironment.Capture(name => "set");

        Assert.All(forwarded.Keys, name => Assert.True((SettingsCatalog.Get(name).ReadBy & SettingReaders.ProcessingJob) != 0, name));
        Assert.DoesNotContain(forwarded.Keys, s_setByBatchPerJob.Contains);
    }

    public void Dispose() => _folder.Dispose();
}
