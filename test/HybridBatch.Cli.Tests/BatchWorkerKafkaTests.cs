using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Settings;
using HybridBatch.Core.Splitting;
using HybridBatch.MockKafka;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// The Batch worker's contract with Kafka, end to end: a file validated by <c>hybridbatch validate</c> (the Batch
/// validate job), then one chunk published by <c>hybridbatch process</c> child processes (the Batch processing job)
/// to a Kafka mock cluster started here. The first attempt is stopped mid-chunk, the second
/// (<c>AWS_BATCH_JOB_ATTEMPT=2</c>) completes, and a read_committed consumer sees exactly the chunk's valid records,
/// each once, keyed <c>runId:index</c>. Attempt 1 freezes itself with SIGSTOP after handing a third of the chunk to
/// the producer (<c>HYBRIDBATCH_CRASH_AT=freeze-mid-step:N</c>) and is signalled while frozen, so the signal cannot
/// land after the chunk is done however fast or slow the machine is. (Waiting for its first progress object and
/// sending SIGSTOP from here did race it: on a fast run the worker had finished and gone before kill(1) ran.)
/// </summary>
public sealed class BatchWorkerKafkaTests : IDisposable
{
    private static readonly TimeSpan s_kafkaTimeout = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start();

    [Fact]
    public async Task Sigterm_mid_chunk_exits_75_and_attempt_2_delivers_each_valid_record_once_to_read_committed()
    {
        // As many records as the SIGKILL case: the freeze makes the signal land mid-chunk at any size.
        Run run = await ValidateAsync(records: 60_000);
        string topic = NewTopic();

        using (WorkerProcess first = StartWorker(run, topic, attempt: 1))
        {
            await FrozenMidChunkAsync(first);
            await first.Signal("TERM");
            await first.Signal("CONT");
            int exitCode = await first.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 75, $"attempt 1 exited {exitCode}, expected 75 (retry me)\n{first.Log}");
            Assert.Contains("interrupted", first.Log, StringComparison.Ordinal);
        }

        ChunkResult interrupted = ReadResult(run);
        Assert.Equal((ChunkStatus.Failed, "Interrupted", 1), (interrupted.Status, interrupted.ErrorType, interrupted.Attempt));

        // SIGTERM lets the worker abort its own transaction: what attempt 1 sent is in the log, marked aborted.
        LoggedTransaction aborted = Assert.Single(_kafka.DescribeTransactions(topic, s_kafkaTimeout));
        Assert.Equal(TransactionOutcome.Aborted, aborted.Outcome);
        Assert.InRange(aborted.Records, 1, run.ValidRecords - 1);

        await RunToCompletionAsync(run, topic, attempt: 2);

        AssertReadCommittedHoldsEachValidRecordOnce(run, topic);
        IReadOnlyList<LoggedTransaction> transactions = _kafka.DescribeTransactions(topic, s_kafkaTimeout);
        Assert.Equal(2, transactions.Count);
        Assert.Contains(aborted, transactions);
        LoggedTransaction committed = Assert.Single(transactions, t => t.Outcome == TransactionOutcome.Committed);
        Assert.Equal(run.ValidRecords, committed.Records);
    }

    /// <summary>
    /// A worker killed outright (SIGKILL: the container's stop timeout ran out, the host went away) cannot abort its
    /// transaction. What happens then, on librdkafka 2.16's mock cluster: the transaction stays open, with no marker
    /// (the mock neither aborts it nor fences its producer when attempt 2 calls InitTransactions with the same
    /// transactional.id; it hands attempt 2 a new producer id, where a real broker bumps the epoch of the same id and
    /// writes the abort marker first). Open records lie beyond the last stable offset, so read_committed still sees
    /// only attempt 2's records, each once. On MSK the open transaction is aborted by the retry's InitTransactions.
    /// </summary>
    [Fact]
    public async Task Sigkill_mid_chunk_leaves_an_open_transaction_that_read_committed_never_shows()
    {
        Run run = await ValidateAsync(records: 60_000);
        string topic = NewTopic();

        using (WorkerProcess first = StartWorker(run, topic, attempt: 1))
        {
            await FrozenMidChunkAsync(first);
            await first.Signal("KILL");
            int exitCode = await first.WaitForExitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(128 + 9, exitCode);
        }

        LoggedTransaction open = Assert.Single(_kafka.DescribeTransactions(topic, s_kafkaTimeout));
        Assert.Equal(TransactionOutcome.Open, open.Outcome);
        Assert.InRange(open.Records, 1, run.ValidRecords - 1);

        await RunToCompletionAsync(run, topic, attempt: 2);

        AssertReadCommittedHoldsEachValidRecordOnce(run, topic);
        IReadOnlyList<LoggedTransaction> transactions = _kafka.DescribeTransactions(topic, s_kafkaTimeout);
        Assert.Equal(2, transactions.Count);
        Assert.Contains(open, transactions);
        LoggedTransaction committed = Assert.Single(transactions, t => t.Outcome == TransactionOutcome.Committed);
        Assert.Equal(run.ValidRecords, committed.Records);
        Assert.NotEqual(open.ProducerId, committed.ProducerId);
    }

    public void Dispose()
    {
        _kafka.Dispose();
        _folder.Dispose();
    }

    /// <summary>Generates orders with a few invalid ones and runs the Batch validate job on them: one chunk.</summary>
    private async Task<Run> ValidateAsync(int records)
    {
        string bucket = _folder.File("bucket");
        Directory.CreateDirectory(bucket);
        (int generated, _, string generateLog) = await CliRunner.RunAsync(
            "generate", "--records", records.ToString(CultureInfo.InvariantCulture), "--invalid-rate", "0.001", "--out", Path.Combine(bucket, "orders.jsonl"));
        Assert.True(generated == 0, generateLog);

        (int validated, string output, string log) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders",
            "--chunk-records", records.ToString(CultureInfo.InvariantCulture));
        Assert.True(validated == 0, log + output);
        SplitSummary summary = JsonSerializer.Deserialize(output, HybridBatchJson.Default.SplitSummary)!;
        Assert.Equal(1, summary.Chunks);
        Assert.InRange(summary.RejectedRecords, 1, records / 100);

        string runFolder = Path.Combine(bucket, "runs", summary.RunId);
        ChunkPlan plan = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(runFolder, "plan.json")), HybridBatchJson.Default.ChunkPlan)!;
        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        HashSet<long> rejected = [.. File.ReadLines(Path.Combine(runFolder, "rejects.jsonl"))
            .Select(line => JsonSerializer.Deserialize(line, HybridBatchJson.Default.RejectedRecord)!.Index)];
        Assert.Equal(summary.RejectedRecords, rejected.Count);
        long[] valid = [.. Enumerable.Range(0, records).Select(i => (long)i).Where(i => !rejected.Contains(i))];
        Assert.Equal(summary.ValidRecords, valid.Length);
        return new Run(bucket, runFolder, summary.RunId, chunk, valid);
    }

    private string NewTopic()
    {
        // Many partitions: each mock partition keeps only about 5 MiB, and both attempts' records must stay readable.
        string topic = $"orders-{Guid.NewGuid():N}";
        _kafka.CreateTopic(topic, partitions: 24, replicationFactor: 3);
        return topic;
    }

    /// <summary>The processing job's command for the chunk, its settings in the environment as the job definition sets them.</summary>
    private WorkerProcess StartWorker(Run run, string topic, int attempt) => WorkerProcess.Start(
        [
            "process", "--work", run.Bucket, "--run-id", run.RunId, "--chunk-id", run.Chunk.ChunkId.ToString(CultureInfo.InvariantCulture),
            "--start-index", run.Chunk.StartIndex.ToString(CultureInfo.InvariantCulture),
            "--end-index", run.Chunk.EndIndex.ToString(CultureInfo.InvariantCulture),
        ],
        HermeticEnvironment.With(
            ("RECORD_DESTINATION", "kafka"),
            ("KAFKA_BROKERS", _kafka.BootstrapServers),
            ("KAFKA_TOPIC", topic),
            ("KAFKA_MOCK_CLUSTER", "true"),
            // One step for the whole chunk: these tests are about what a signal does to one open transaction.
            ("STEP_RECORDS", "1000000"),
            // Records go out as soon as they are handed over, so those before the freeze reach the brokers.
            (SettingNames.KafkaLingerMs, "0"),
            // Only attempt 1 freezes (or crashes) at a crash point.
            (CrashPoint.Variable, string.Create(CultureInfo.InvariantCulture, $"freeze-mid-step:{FreezeAfter(run)}")),
            ("AWS_BATCH_JOB_ID", $"job-{run.RunId}-{attempt}"),
            ("AWS_BATCH_JOB_ATTEMPT", attempt.ToString(CultureInfo.InvariantCulture))));

    /// <summary>
    /// Waits until attempt 1 has frozen itself mid-chunk: a third of its records handed to the producer, which with no
    /// linger sends them as they come. What reached the brokers is checked after the signal, in the transaction log.
    /// </summary>
    private static Task FrozenMidChunkAsync(WorkerProcess worker) => worker.WaitUntilFrozenAsync(TimeSpan.FromMinutes(2));

    private static long FreezeAfter(Run run) => run.ValidRecords / 3;

    private async Task RunToCompletionAsync(Run run, string topic, int attempt)
    {
        using WorkerProcess worker = StartWorker(run, topic, attempt);
        int exitCode = await worker.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"attempt {attempt} exited {exitCode}:\n{worker.Log}");
        ChunkResult result = ReadResult(run);
        Assert.Equal((ChunkStatus.Succeeded, attempt, run.ValidRecords, KafkaSinkFactory.Name), (result.Status, result.Attempt, result.Published, result.Destination));
        Assert.Equal($"job-{run.RunId}-{attempt}", result.Worker);
    }

    /// <summary>read_committed: exactly the chunk's valid records, each once, keyed and labelled with its identity.</summary>
    private void AssertReadCommittedHoldsEachValidRecordOnce(Run run, string topic)
    {
        IReadOnlyList<ConsumedMessage> messages = _kafka.ReadBack(topic, s_kafkaTimeout);
        long[] indexes = [.. messages.Select(m => long.Parse(m.Headers["recordIndex"], CultureInfo.InvariantCulture)).Order()];
        Assert.Equal(run.Valid.Length, messages.Count);
        Assert.True(run.Valid.AsSpan().SequenceEqual(indexes), "read_committed does not hold exactly the chunk's valid records, each once");
        foreach (ConsumedMessage message in messages)
        {
            string identity = $"{run.RunId}:{message.Headers["recordIndex"]}";
            Assert.Equal(identity, Encoding.UTF8.GetString(message.Key));
            Assert.Equal(run.RunId, message.Headers["runId"]);
        }
    }

    private static ChunkResult ReadResult(Run run) => JsonSerializer.Deserialize(
        File.ReadAllBytes(Path.Combine(run.Folder, "results", $"chunk-{run.Chunk.ChunkId:D5}.json")), HybridBatchJson.Default.ChunkResult)!;

    private sealed record Run(string Bucket, string Folder, string RunId, ChunkPlanEntry Chunk, long[] Valid)
    {
        public long ValidRecords => Valid.Length;
    }
}
