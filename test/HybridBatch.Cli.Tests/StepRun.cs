using System.Globalization;
using System.Text.Json;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Splitting;
using HybridBatch.MockKafka;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// One chunk validated once by <c>hybridbatch validate</c> (the Batch validation job), copied afresh for each trial, and
/// published by <c>hybridbatch process</c> child processes (the Batch processing job) in steps, with crash points.
/// </summary>
internal sealed class StepRun : IDisposable
{
    private readonly TempFolder _folder;
    private readonly string _template;
    private int _trials;

    private StepRun(TempFolder folder, string template, ChunkPlanEntry chunk, long[] valid)
    {
        _folder = folder;
        _template = template;
        Chunk = chunk;
        Valid = valid;
    }

    public ChunkPlanEntry Chunk { get; }

    /// <summary>The chunk's valid record indexes, ascending.</summary>
    public long[] Valid { get; }

    public static async Task<StepRun> ValidateAsync(int records, double invalidRate = 0.01)
    {
        var folder = new TempFolder();
        string bucket = folder.File("bucket");
        Directory.CreateDirectory(bucket);
        (int generated, _, string generateLog) = await CliRunner.RunAsync(
            "generate", "--records", Invariant(records), "--invalid-rate", invalidRate.ToString(CultureInfo.InvariantCulture), "--seed", "7",
            "--out", Path.Combine(bucket, "orders.jsonl"));
        Assert.True(generated == 0, generateLog);
        (_, ChunkPlanEntry chunk, long[] valid) = await ValidateInAsync(bucket, records);
        return new StepRun(folder, bucket, chunk, valid);
    }

    /// <summary>Runs the Batch validation job on <c>orders.jsonl</c> in <paramref name="bucket"/>: one chunk.</summary>
    private static async Task<(string RunId, ChunkPlanEntry Chunk, long[] Valid)> ValidateInAsync(string bucket, int records)
    {
        (int validated, string output, string log) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders", "--chunk-records", Invariant(records),
            "--max-error-rate", "0.5");
        Assert.True(validated == 0, log + output);
        SplitSummary summary = JsonSerializer.Deserialize(output, HybridBatchJson.Default.SplitSummary)!;
        string runFolder = Path.Combine(bucket, "runs", summary.RunId);
        ChunkPlan plan = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(runFolder, "plan.json")), HybridBatchJson.Default.ChunkPlan)!;
        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        HashSet<long> rejected = File.Exists(Path.Combine(runFolder, "rejects.jsonl"))
            ? [.. File.ReadLines(Path.Combine(runFolder, "rejects.jsonl")).Select(line => JsonSerializer.Deserialize(line, HybridBatchJson.Default.RejectedRecord)!.Index)]
            : [];
        long[] valid = [.. Enumerable.Range(0, records).Select(i => (long)i).Where(i => !rejected.Contains(i))];
        Assert.Equal(summary.ValidRecords, valid.Length);
        return (summary.RunId, chunk, valid);
    }

    /// <summary>
    /// A fresh run of the same records: the input copied to a bucket of its own and validated there, so the trial has its
    /// own run id, and so its own transactional id and control-topic key. Trials that run side by side must not share
    /// them: two attempts at one chunk at the same time is what fencing is for on a real broker, and librdkafka's mock
    /// does not fence (it lets one producer's commit leave the other's records without a marker).
    /// </summary>
    public async Task<Trial> NewTrialAsync()
    {
        string bucket = _folder.File($"trial-{Interlocked.Increment(ref _trials)}");
        Directory.CreateDirectory(bucket);
        File.Copy(Path.Combine(_template, "orders.jsonl"), Path.Combine(bucket, "orders.jsonl"));
        (string runId, ChunkPlanEntry chunk, long[] valid) = await ValidateInAsync(bucket, (int)Chunk.Records);
        Assert.Equal((Chunk.Records, Chunk.Rejected), (chunk.Records, chunk.Rejected));
        Assert.True(Valid.AsSpan().SequenceEqual(valid));
        return new Trial(this, bucket, runId);
    }

    public void Dispose() => _folder.Dispose();

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One copy of the run, and the worker attempts at its chunk.</summary>
    internal sealed class Trial(StepRun run, string bucket, string runId)
    {
        public string RunId => runId;

        public string RunFolder => Path.Combine(bucket, "runs", runId);

        public string Output => Path.Combine(RunFolder, "output");

        /// <summary>Runs attempt <paramref name="attempt"/> of the chunk to its end; returns its exit code and log.</summary>
        public async Task<(int ExitCode, string Log)> AttemptAsync(int attempt, params (string Name, string Value)[] settings)
        {
            (string, string)[] environment =
            [
                ("AWS_BATCH_JOB_ID", $"job-{attempt}"),
                ("AWS_BATCH_JOB_ATTEMPT", Invariant(attempt)),
                .. settings,
            ];
            using WorkerProcess worker = WorkerProcess.Start(
                [
                    "process", "--work", bucket, "--run-id", runId, "--chunk-id", Invariant(run.Chunk.ChunkId),
                    "--start-index", Invariant(run.Chunk.StartIndex), "--end-index", Invariant(run.Chunk.EndIndex),
                    "--progress-interval", "0.01",
                ],
                HermeticEnvironment.With(environment));
            int exitCode = await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));
            return (exitCode, worker.Log);
        }

        public ChunkResult? Result() => File.Exists(Path.Combine(RunFolder, "results", "chunk-00000.json"))
            ? JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(RunFolder, "results", "chunk-00000.json")), HybridBatchJson.Default.ChunkResult)
            : null;

        public ChunkCheckpoint? StoredCheckpoint() => File.Exists(Path.Combine(RunFolder, "progress", "chunk-00000.json"))
            ? JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(RunFolder, "progress", "chunk-00000.json")), HybridBatchJson.Default.ChunkProgress)!.Checkpoint
            : null;

        /// <summary>Asserts the chunk succeeded with the counts of one uninterrupted run.</summary>
        public void AssertSucceededWithPlannedCounts(string log)
        {
            ChunkResult? result = Result();
            Assert.True(result is { Status: ChunkStatus.Succeeded }, $"the chunk did not succeed:\n{log}");
            Assert.Equal((run.Chunk.Records, (long)run.Valid.Length, run.Chunk.Rejected), (result!.Records, result.Published, result.Rejected));
        }

        /// <summary>Asserts <paramref name="indexes"/> hold every valid record exactly once.</summary>
        public void AssertExactlyOnce(IEnumerable<long> indexes, string what)
        {
            string? failure = Faults.RecordTally.Of(run.Valid, indexes).NotExactlyOnce();
            Assert.True(failure is null, $"{what}: {failure}");
        }

        /// <summary>The record indexes in the file destination's output.</summary>
        public IEnumerable<long> FileIndexes() => OutputParts.RecordIndexes(Output);
    }

    /// <summary>The Kafka settings a worker needs for <paramref name="cluster"/> and <paramref name="topic"/>.</summary>
    public static (string, string)[] Kafka(MockKafkaCluster cluster, string topic) =>
    [
        ("RECORD_DESTINATION", "kafka"),
        ("KAFKA_BROKERS", cluster.BootstrapServers),
        ("KAFKA_TOPIC", topic),
        ("KAFKA_MOCK_CLUSTER", "true"),
    ];

    /// <summary>The record indexes a read_committed consumer of <paramref name="topic"/> sees.</summary>
    public static IEnumerable<long> KafkaIndexes(MockKafkaCluster cluster, string topic) =>
        cluster.ReadBack(topic, TimeSpan.FromSeconds(60)).Select(m => long.Parse(m.Headers["recordIndex"], CultureInfo.InvariantCulture));

    /// <summary>The steps whose completion records committed transactions hold, with the attempt that committed each.</summary>
    public static List<(int Step, int Attempt, long FirstIndex)> CommittedSteps(MockKafkaCluster cluster, string topic) =>
    [
        .. cluster.ReadBack(topic + KafkaSettings.ControlTopicSuffix, TimeSpan.FromSeconds(60)).Select(m =>
        {
            using JsonDocument record = JsonDocument.Parse(m.Value);
            return (record.RootElement.GetProperty("checkpoint").GetProperty("step").GetInt32(),
                record.RootElement.GetProperty("attempt").GetInt32(),
                record.RootElement.GetProperty("firstIndex").GetInt64());
        }).OrderBy(s => s.Item1),
    ];
}
