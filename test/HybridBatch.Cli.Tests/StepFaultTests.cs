using System.Globalization;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;
using HybridBatch.MockKafka;
using Xunit.Abstractions;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// Seeded fault trials on the Batch worker: each trial kills attempt 1 at a random crash point (after the final commit,
/// before a step's checkpoint, or mid-step after a random number of records: a SIGKILL at that moment), or not at all,
/// then retries until the chunk succeeds; every valid record must then be in the destination exactly once, and the
/// counts must be those of one uninterrupted run. Kafka trials also have the mock cluster fail a share of produce and
/// commit requests. The seed is printed; <c>HYBRIDBATCH_TEST_SEED</c> replays one. Ten trials per destination here and
/// ten more in <c>S3FaultTests</c> (the same checks through a faulty S3) make the twenty per CI run.
/// </summary>
public sealed class StepFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Trials = 10;
    private const int Records = 2_000;
    private const int StepRecords = 400;
    private const int MaxAttempts = 6;
    private const short EndTxnApiKey = 26;

    private static readonly ErrorCode[] s_produceErrors = [ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition, ErrorCode.NoError];
    private static readonly ErrorCode[] s_commitErrors = [ErrorCode.ConcurrentTransactions, ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupLoadInProgress, ErrorCode.NoError];

    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start();

    [Fact]
    public Task Kafka_holds_every_valid_record_exactly_once_after_random_crashes_and_failing_requests() =>
        RunTrialsAsync("kafka", async (trial, random) =>
        {
            string topic = $"orders-{Guid.NewGuid():N}";
            _kafka.CreateTopic(topic, partitions: 4);
            ErrorCode[] produceErrors = [];
            ErrorCode[] commitErrors = [];
            if (random.Next(2) == 0)
            {
                produceErrors = Pick(random, s_produceErrors, random.Next(1, 6));
                commitErrors = Pick(random, s_commitErrors, random.Next(1, 4));
            }

            // A share of the next requests fail as the trial starts; librdkafka retries them, or the attempt fails and is retried.
            Action injectFaults = () =>
            {
                if (produceErrors.Length > 0)
                {
                    _kafka.PushRequestErrors(MockKafkaCluster.ProduceApiKey, produceErrors);
                    _kafka.PushRequestErrors(EndTxnApiKey, commitErrors);
                }
            };
            return (StepRun.Kafka(_kafka, topic), () => StepRun.KafkaIndexes(_kafka, topic), injectFaults);
        });

    [Fact]
    public Task File_holds_every_valid_record_exactly_once_after_random_crashes() =>
        RunTrialsAsync("file", (trial, _) =>
            Task.FromResult<((string, string)[], Func<IEnumerable<long>>, Action)>(([("RECORD_DESTINATION", "file")], trial.FileIndexes, () => { })));

    public void Dispose() => _kafka.Dispose();

    private async Task RunTrialsAsync(string destination, Func<StepRun.Trial, Random, Task<((string, string)[] Settings, Func<IEnumerable<long>> Read, Action InjectFaults)>> prepare)
    {
        int seed = Environment.GetEnvironmentVariable("HYBRIDBATCH_TEST_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"{destination}: seed {seed} (HYBRIDBATCH_TEST_SEED={seed} replays it)");
        var random = new Random(seed);
        using StepRun run = await StepRun.ValidateAsync(Records);
        // Every trial's choices are drawn from the seed first, in order, so running two at a time changes no choice.
        var trials = new List<(int Number, string CrashAt, StepRun.Trial Trial, (string, string)[] Settings, Func<IEnumerable<long>> Read, Action InjectFaults)>();
        for (int number = 1; number <= Trials; number++)
        {
            StepRun.Trial trial = await run.NewTrialAsync();
            string crashAt = random.Next(4) switch
            {
                0 => "after-commit",
                1 => "before-checkpoint",
                2 => $"mid-step:{random.Next(1, run.Valid.Length)}",
                _ => "",
            };
            ((string, string)[] settings, Func<IEnumerable<long>> read, Action injectFaults) = await prepare(trial, random);
            trials.Add((number, crashAt, trial, settings, read, injectFaults));
        }

        // Two at a time: a worker spends much of its life starting up and waiting on the brokers.
        using var slots = new SemaphoreSlim(2);
        await Task.WhenAll(trials.Select(async t =>
        {
            await slots.WaitAsync();
            try
            {
                t.InjectFaults();
                await RunTrialAsync($"{destination} seed {seed} trial {t.Number} (crash at '{t.CrashAt}')", t.CrashAt, t.Trial, t.Settings, t.Read);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private async Task RunTrialAsync(string where, string crashAt, StepRun.Trial trial, (string, string)[] settings, Func<IEnumerable<long>> read)
    {
        output.WriteLine(where);
        (string, string)[] environment = [.. settings, (ProcessOptions.StepRecordsVariable, StepRun.Invariant(StepRecords)), (CrashPoint.Variable, crashAt)];
        string log = "";
        int exitCode = -1;
        for (int attempt = 1; attempt <= MaxAttempts && exitCode != 0; attempt++)
        {
            (exitCode, log) = await trial.AttemptAsync(attempt, environment);
            if (attempt == 1 && crashAt.Length > 0)
            {
                Assert.True(exitCode == 128 + 9, $"{where}: attempt 1 exited {exitCode}, expected SIGKILL\n{log}");
            }
        }

        Assert.True(exitCode == 0, $"{where}: no attempt succeeded\n{log}");
        trial.AssertSucceededWithPlannedCounts($"{where}\n{log}");
        trial.AssertExactlyOnce(read(), where);
    }

    private static ErrorCode[] Pick(Random random, ErrorCode[] from, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => from[random.Next(from.Length)])];
}
