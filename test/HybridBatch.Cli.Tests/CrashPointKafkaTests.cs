using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;
using HybridBatch.MockKafka;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// Each <c>HYBRIDBATCH_CRASH_AT</c> point, on the Batch worker publishing to a Kafka mock cluster in steps: attempt 1
/// kills itself with SIGKILL exactly there, attempt 2 completes, and a read_committed consumer sees every valid record
/// exactly once; the control topic's completion records say which attempt committed which step.
/// </summary>
public sealed class CrashPointKafkaTests : IDisposable
{
    private const int Sigkill = 128 + 9;

    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start();

    [Fact]
    public async Task After_commit_the_retry_publishes_nothing_and_answers_from_the_control_topic()
    {
        using StepRun run = await StepRun.ValidateAsync(records: 3_000);
        string topic = NewTopic();
        StepRun.Trial trial = await run.NewTrialAsync();

        (int first, string log) = await trial.AttemptAsync(1, Settings(topic, "after-commit", stepRecords: 1_000));

        Assert.True(first == Sigkill, $"attempt 1 exited {first}, expected SIGKILL:\n{log}");
        // The window: the final step's transaction is committed, the result is not written.
        Assert.Null(trial.Result());
        trial.AssertExactlyOnce(StepRun.KafkaIndexes(_kafka, topic), "read_committed after attempt 1");
        Assert.Equal([(1, 1), (2, 1), (3, 1)], StepRun.CommittedSteps(_kafka, topic).Select(s => (s.Step, s.Attempt)));

        (int second, log) = await trial.AttemptAsync(2, Settings(topic, "after-commit", stepRecords: 1_000));

        Assert.True(second == 0, log);
        trial.AssertSucceededWithPlannedCounts(log);
        trial.AssertExactlyOnce(StepRun.KafkaIndexes(_kafka, topic), "read_committed after attempt 2");
        Assert.Equal([(1, 1), (2, 1), (3, 1)], StepRun.CommittedSteps(_kafka, topic).Select(s => (s.Step, s.Attempt)));
    }

    [Fact]
    public async Task Before_checkpoint_the_retry_resumes_after_the_step_only_the_control_topic_knows()
    {
        using StepRun run = await StepRun.ValidateAsync(records: 3_000);
        string topic = NewTopic();
        StepRun.Trial trial = await run.NewTrialAsync();

        (int first, string log) = await trial.AttemptAsync(1, Settings(topic, "before-checkpoint", stepRecords: 1_000));

        Assert.True(first == Sigkill, $"attempt 1 exited {first}, expected SIGKILL:\n{log}");
        // The window: step 1 is committed at the destination, progress/chunk-00000.json does not say so.
        Assert.Null(trial.StoredCheckpoint());
        Assert.Equal([(1, 1)], StepRun.CommittedSteps(_kafka, topic).Select(s => (s.Step, s.Attempt)));

        (int second, log) = await trial.AttemptAsync(2, Settings(topic, "before-checkpoint", stepRecords: 1_000));

        Assert.True(second == 0, log);
        trial.AssertSucceededWithPlannedCounts(log);
        trial.AssertExactlyOnce(StepRun.KafkaIndexes(_kafka, topic), "read_committed after attempt 2");
        Assert.Equal([(1, 1), (2, 2), (3, 2)], StepRun.CommittedSteps(_kafka, topic).Select(s => (s.Step, s.Attempt)));
    }

    /// <summary>
    /// The resume test: a chunk of 5 steps (25,000 records, steps of 5,000) killed in step 3 (mid-step:12500 counts the
    /// records attempt 1 wrote). The retry starts at step 3's first record: steps 1 and 2 are attempt 1's and not sent
    /// again, 3 to 5 are attempt 2's, and the result's counts are those of one uninterrupted run.
    /// </summary>
    [Fact]
    public async Task Mid_step_a_chunk_of_five_steps_killed_in_step_3_resumes_at_step_3s_first_record()
    {
        using StepRun run = await StepRun.ValidateAsync(records: 25_000);
        string topic = NewTopic();
        StepRun.Trial trial = await run.NewTrialAsync();

        (int first, string log) = await trial.AttemptAsync(1, Settings(topic, "mid-step:12500", stepRecords: 5_000));

        Assert.True(first == Sigkill, $"attempt 1 exited {first}, expected SIGKILL:\n{log}");
        Assert.Equal([(1, 1, 0L), (2, 1, 5_000L)], StepRun.CommittedSteps(_kafka, topic));
        Assert.Equal(2, trial.StoredCheckpoint()?.Step);

        (int second, log) = await trial.AttemptAsync(2, Settings(topic, "mid-step:12500", stepRecords: 5_000));

        Assert.True(second == 0, log);
        trial.AssertSucceededWithPlannedCounts(log);
        trial.AssertExactlyOnce(StepRun.KafkaIndexes(_kafka, topic), "read_committed after attempt 2");
        Assert.Equal([(1, 1, 0L), (2, 1, 5_000L), (3, 2, 10_000L), (4, 2, 15_000L), (5, 2, 20_000L)], StepRun.CommittedSteps(_kafka, topic));
    }

    public void Dispose() => _kafka.Dispose();

    private (string, string)[] Settings(string topic, string crashAt, int stepRecords) =>
    [
        .. StepRun.Kafka(_kafka, topic),
        (ProcessOptions.StepRecordsVariable, StepRun.Invariant(stepRecords)),
        (CrashPoint.Variable, crashAt),
    ];

    private string NewTopic()
    {
        string topic = $"orders-{Guid.NewGuid():N}";
        _kafka.CreateTopic(topic, partitions: 8);
        return topic;
    }
}
