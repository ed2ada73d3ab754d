using System.Text.Json;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core.Processing;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>
/// The Kafka sink's steps: each step is a transaction that also carries the chunk's completion record to the control
/// topic, and a later attempt's <see cref="IRecordSink.RecoverAsync"/> reads back the last step a committed
/// transaction wrote, with read_committed, on the mock cluster.
/// </summary>
public class KafkaStepRecoveryTests(MockClusterFixture mock) : IClassFixture<MockClusterFixture>
{
    // EndTxn: the request that commits (or aborts) a transaction.
    private const short EndTxnApiKey = 26;

    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task A_retry_recovers_the_last_committed_step_from_the_control_topic()
    {
        string topic = mock.NewTopic();
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        var attempt1 = new ChunkContext("run-s1", 3, "src", 1);
        await using (IRecordSink sink = await factory.CreateAsync(attempt1, s_none))
        {
            Assert.Null(await sink.RecoverAsync(s_none));
            await sink.WriteAsync(KafkaSinkTests.Batch(KafkaSinkTests.Range(0, 100)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(attempt1, step: 1, nextIndex: 100, published: 100), s_none);
            await sink.WriteAsync(KafkaSinkTests.Batch(KafkaSinkTests.Range(100, 100)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(attempt1, step: 2, nextIndex: 200, published: 200), s_none);
            // Step 3 is written and never committed: the attempt dies.
            await sink.WriteAsync(KafkaSinkTests.Batch(KafkaSinkTests.Range(200, 100)), s_none);
        }

        await using (IRecordSink retry = await factory.CreateAsync(attempt1 with { Attempt = 2 }, s_none))
        {
            ChunkCheckpoint? recovered = await retry.RecoverAsync(s_none);
            Assert.Equal(Checkpoints.Step(attempt1, step: 2, nextIndex: 200, published: 200), recovered);
        }

        // Another chunk of the same run shares the control topic, not the answer.
        await using IRecordSink other = await factory.CreateAsync(attempt1 with { ChunkId = 4 }, s_none);
        Assert.Null(await other.RecoverAsync(s_none));
        Assert.Equal(KafkaSinkTests.Indexes(0, 200), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task The_control_record_of_a_step_whose_commit_failed_is_not_recovered()
    {
        string topic = mock.NewTopic();
        KafkaSettings settings = mock.Settings(topic);
        using var factory = new KafkaSinkFactory(settings);
        var context = new ChunkContext("run-s2", 0, "src", 1);
        await using (IRecordSink sink = await factory.CreateAsync(context, s_none))
        {
            await sink.WriteAsync(KafkaSinkTests.Batch(KafkaSinkTests.Range(0, 10)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(context, step: 1, nextIndex: 10, published: 10), s_none);
            await sink.WriteAsync(KafkaSinkTests.Batch(KafkaSinkTests.Range(10, 10)), s_none);
            // The broker refuses the commit for good: the step, its completion record included, is aborted.
            mock.Cluster.PushRequestErrors(EndTxnApiKey, ErrorCode.TransactionalIdAuthorizationFailed);
            await Assert.ThrowsAsync<KafkaPublishException>(() => sink.CommitStepAsync(Checkpoints.Step(context, step: 2, nextIndex: 20, published: 20), s_none).AsTask());
        }

        // The aborted completion record did reach the control topic: what makes this test able to fail.
        string control = settings.EffectiveControlTopic;
        IReadOnlyList<ConsumedMessage> onBrokers = mock.Cluster.ReadBack(control, TimeSpan.FromSeconds(30), readCommitted: false);
        Assert.Contains(onBrokers, m => Step(m) == 2);

        await using IRecordSink retry = await factory.CreateAsync(context with { Attempt = 2 }, s_none);
        ChunkCheckpoint? recovered = await retry.RecoverAsync(s_none);
        Assert.Equal(1, recovered?.Step);
        Assert.Equal(KafkaSinkTests.Indexes(0, 10), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task Completion_records_are_keyed_run_slash_chunk_in_the_partition_the_key_names()
    {
        string topic = mock.NewTopic();
        KafkaSettings settings = mock.Settings(topic);
        using var factory = new KafkaSinkFactory(settings);
        var context = new ChunkContext("run-s3", 7, "src", 2);
        await using (IRecordSink sink = await factory.CreateAsync(context, s_none))
        {
            await sink.RecoverAsync(s_none);
            await sink.WriteAsync(KafkaSinkTests.Batch(KafkaSinkTests.Range(0, 5)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(context, step: 1, nextIndex: 5, published: 5), s_none);
        }

        ConsumedMessage record = Assert.Single(mock.Cluster.ReadBack(settings.EffectiveControlTopic, TimeSpan.FromSeconds(30)));
        Assert.Equal($"{topic}.hybridbatch", settings.EffectiveControlTopic);
        Assert.Equal("run-s3/7", KafkaSinkTests.Text(record.Key));
        // Auto-created topics on the mock have 4 partitions.
        Assert.Equal(ControlTopicReader.PartitionOf(record.Key, 4), record.Partition);
        using JsonDocument value = JsonDocument.Parse(record.Value);
        Assert.Equal(2, value.RootElement.GetProperty("attempt").GetInt32());
        Assert.Equal(0, value.RootElement.GetProperty("firstIndex").GetInt64());
        Assert.Equal(5, value.RootElement.GetProperty("checkpoint").GetProperty("nextIndex").GetInt64());
    }

    private static int Step(ConsumedMessage message)
    {
        using JsonDocument value = JsonDocument.Parse(message.Value);
        return value.RootElement.GetProperty("checkpoint").GetProperty("step").GetInt32();
    }
}
