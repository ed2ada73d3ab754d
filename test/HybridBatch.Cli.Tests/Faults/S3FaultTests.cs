using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core;
using HybridBatch.Core.Splitting;
using Xunit.Abstractions;

namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// Seeded fault trials of a <c>hybridbatch process</c> worker whose work bucket and input are in the emulator's S3,
/// behind a proxy that fails a share of its S3 requests, publishing one chunk in steps to SQS (standard and FIFO
/// queues), Kafka (a mock cluster failing a share of produce and commit requests) or a file folder. The worker dies at
/// a drawn crash point (<c>HYBRIDBATCH_CRASH_AT</c>) or by SIGKILL at a drawn point of its publishing; the chunk is then
/// retried as Batch would, until it succeeds. After the retries every valid record is in the destination: Kafka and
/// file hold each exactly once; on SQS every message carries its identity, duplicates fit in one step per interrupted
/// attempt, and a FIFO queue (deduplicating within 5 minutes) holds none.
/// </summary>
[Collection(CliEmulatorCollection.Name)]
public sealed class S3FaultTests(EmulatorFixture emulator, ITestOutputHelper output) : IDisposable
{
    private const int Records = 600;
    private const int ChunkRecords = 2000;

    // Six steps per chunk: what a crash may resend is bounded by one of them.
    private const int StepRecords = 100;

    // Exit codes after which the chunk is retried: 75 (transient or interrupted, ExitCodes.Retryable) and 137 (SIGKILL,
    // 128 + 9: a lost host or the OOM killer, which Batch retries). 1 is a bug and fails the trial.
    private static readonly int[] s_retried = [137, 75];
    private static readonly TimeSpan s_attemptLimit = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();

    [Fact]
    public Task Sqs_every_valid_record_arrives_after_kills_and_s3_faults_and_duplicates_stay_within_one_step() =>
        RunTrialsAsync(SqsSinkFactory.Name, trials: 20, trial => SqsFaultTarget.CreateAsync(emulator, trial.Fifo, StepRecords));

    // 10 trials each: the local trials of StepFaultTests give Kafka and file 20 more per run without S3.
    [Fact]
    public Task Kafka_holds_every_valid_record_exactly_once_after_kills_s3_faults_and_failing_produce_and_commit() =>
        RunTrialsAsync(KafkaSinkFactory.Name, trials: 10, trial => Task.FromResult<FaultTarget>(new KafkaFaultTarget(trial.Seed)));

    [Fact]
    public Task File_holds_every_valid_record_exactly_once_after_kills_and_s3_faults() =>
        RunTrialsAsync(LocalSinkFactory.File, trials: 10, trial => Task.FromResult<FaultTarget>(new FileFaultTarget(_folder.File($"out-{Guid.NewGuid():N}"))));

    private async Task RunTrialsAsync(string destination, int trials, Func<FaultTrial, Task<FaultTarget>> target)
    {
        // HYBRIDBATCH_SQS_FAULT_SEED replays a failing run (all its trials); it is only read, never set.
        string? replay = Environment.GetEnvironmentVariable("HYBRIDBATCH_SQS_FAULT_SEED");
        int seed = replay is null ? Random.Shared.Next() : int.Parse(replay, CultureInfo.InvariantCulture);
        output.WriteLine($"{destination}: seed {seed} (set HYBRIDBATCH_SQS_FAULT_SEED={seed} to replay)");
        var seeds = new Random(seed);
        string input = _folder.File($"orders-{destination}.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--records", Records.ToString(CultureInfo.InvariantCulture),
            "--invalid-rate", "0.01", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", input);
        Assert.True(generated == 0, generateLog);
        string inputBucket = await emulator.CreateBucketAsync();
        string workBucket = await emulator.CreateBucketAsync();

        // Two trials at a time: most of a trial is waiting for a worker process to start or for the emulator.
        FaultTrial[] drawn = [.. Enumerable.Range(0, trials).Select(number => FaultTrial.Draw(seeds.Next(), number, destination, Records, expectedSends: Records / 10))];
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, trials), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (number, _) =>
        {
            using FaultTarget destinationOfTrial = await target(drawn[number]);
            string? failure = await RunTrialAsync(drawn[number], destinationOfTrial, number, input, inputBucket, workBucket);
            output.WriteLine($"trial {number}, {drawn[number]}: {failure ?? "passed"}");
            if (failure is not null)
            {
                failures.Add($"trial {number}, {drawn[number]}: {failure}");
            }
        });

        Assert.True(failures.Count == 0, $"{destination}: seed {seed} (set HYBRIDBATCH_SQS_FAULT_SEED={seed} to replay):\n{string.Join('\n', failures)}");
    }

    /// <summary>Runs one trial; returns why it failed, or null.</summary>
    private async Task<string?> RunTrialAsync(FaultTrial trial, FaultTarget target, int number, string input, string inputBucket, string workBucket)
    {
        // A key per trial gives each trial its own run id, so no trial finds another's results or checkpoints.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var phases = new List<(string Phase, TimeSpan At)>();
        string key = $"drop/trial-{number}.jsonl";
        await emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = inputBucket, Key = key, FilePath = input });
        SplitSummary split = await SplitAsync(inputBucket, key, workBucket);
        HashSet<long> valid = [.. Enumerable.Range(0, Records).Select(i => (long)i).Except(await RejectedAsync(workBucket, split.RunId))];
        phases.Add(("split", clock.Elapsed));
        await using var proxy = new FaultyEmulatorProxy(emulator.Endpoint, trial.Seed, trial.S3FailureShare, sqsLatency: TimeSpan.FromMilliseconds(10));
        Dictionary<string, string?> environment = HermeticEnvironment.With(
        [
            ("AWS_ENDPOINT_URL", proxy.Url.ToString()),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            .. target.Settings,
        ]);
        Dictionary<string, string?> firstEnvironment = trial.CrashAt is null
            ? environment
            : new Dictionary<string, string?>(environment) { ["HYBRIDBATCH_CRASH_AT"] = trial.CrashAt };

        var attempts = new List<int>();
        string lastLog;
        using (WorkerProcess first = Worker(split.RunId, workBucket, target, attempt: 1, firstEnvironment))
        {
            Task exited = first.WaitForExitAsync(s_attemptLimit);
            // A crash point kills the worker itself; else the test does, at the drawn point.
            await (trial.CrashAt is null ? Task.WhenAny(proxy.WaitForSqsSendsAsync(trial.KillAfterSends), exited) : exited);
            if (!first.HasExited)
            {
                // It may end on its own meanwhile: then its own exit code is what the trial goes on from.
                await first.TrySignal("KILL");
            }

            attempts.Add(await first.WaitForExitAsync(s_attemptLimit));
            lastLog = first.Log;
        }

        phases.Add(("first attempt", clock.Elapsed));

        while (attempts[^1] != 0)
        {
            if (!s_retried.Contains(attempts[^1]) || attempts.Count == 6)
            {
                return $"attempt {attempts.Count} exited {attempts[^1]}, which is not retried or the last attempt; {proxy}\n{lastLog}";
            }

            // The retry runs in this process (nothing kills it): the same command, a process start less per trial.
            (int exitCode, _, string log) = await CliRunner.RunAsync(Settled(environment), [.. WorkerArguments(split.RunId, workBucket, target, attempts.Count + 1)]);
            attempts.Add(exitCode);
            lastLog = log;
            if (exitCode != 0 && !s_retried.Contains(exitCode))
            {
                return $"attempt {attempts.Count} exited {exitCode}: {log}";
            }
        }

        phases.Add(("attempts", clock.Elapsed));
        string context = $"exits {string.Join(", ", attempts)}; {valid.Count} valid records; {target}; {proxy}; "
            + string.Join(", ", phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} at {p.At.TotalSeconds:0.0} s")));
        string? failure = await target.CheckAsync(split.RunId, valid, interrupted: attempts.Count - 1, context);
        output.WriteLine($"trial {number}: {context}; checked at {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return failure;
    }

    private static WorkerProcess Worker(string runId, string workBucket, FaultTarget target, int attempt, IReadOnlyDictionary<string, string?> environment) =>
        WorkerProcess.Start(WorkerArguments(runId, workBucket, target, attempt), environment);

    private static string[] WorkerArguments(string runId, string workBucket, FaultTarget target, int attempt) =>
        ["process", "--work-bucket", workBucket, "--run-id", runId, "--chunk-id", "0", "--attempt", attempt.ToString(CultureInfo.InvariantCulture),
         .. target.Arguments, "--step-records", StepRecords.ToString(CultureInfo.InvariantCulture)];

    // The child's settings for an in-process run: the removed (null) ones are simply absent.
    private static Dictionary<string, string> Settled(IReadOnlyDictionary<string, string?> environment) =>
        environment.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    private async Task<SplitSummary> SplitAsync(string inputBucket, string key, string workBucket)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = emulator.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
        };
        (int exitCode, string summary, string log) = await CliRunner.RunAsync(environment, "validate", "--bucket", inputBucket, "--key", key,
            "--work-bucket", workBucket, "--schema", "orders", "--chunk-records", ChunkRecords.ToString(CultureInfo.InvariantCulture), "--max-error-rate", "0.05");
        Assert.True(exitCode == 0, log + summary);
        SplitSummary split = JsonSerializer.Deserialize(summary, HybridBatchJson.Default.SplitSummary)!;
        Assert.Equal(1, split.Chunks);
        return split;
    }

    private async Task<IEnumerable<long>> RejectedAsync(string workBucket, string runId)
    {
        using GetObjectResponse rejects = await emulator.S3.GetObjectAsync(workBucket, $"runs/{runId}/rejects.jsonl");
        using var reader = new StreamReader(rejects.ResponseStream);
        var indexes = new List<long>();
        while (await reader.ReadLineAsync() is { Length: > 0 } line)
        {
            using JsonDocument rejected = JsonDocument.Parse(line);
            indexes.Add(rejected.RootElement.GetProperty("index").GetInt64());
        }

        Assert.NotEmpty(indexes);
        return indexes;
    }

    public void Dispose() => _folder.Dispose();
}
