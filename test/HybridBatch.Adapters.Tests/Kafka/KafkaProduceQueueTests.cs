using HybridBatch.Adapters.Tests.Support;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;
using HybridBatch.MockKafka;
using static HybridBatch.Adapters.Tests.Kafka.KafkaSinkTests;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>What the sink does with librdkafka's local queue: waits out a full queue, counts every failed delivery.</summary>
public class KafkaProduceQueueTests(MockClusterFixture mock) : IClassFixture<MockClusterFixture>
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task A_full_queue_is_waited_out_and_no_message_is_dropped()
    {
        string topic = mock.NewTopic();
        // 2,000 messages into a queue of 10: produce reports a full queue over and over.
        KafkaSettings settings = mock.Settings(topic) with
        {
            LibrdkafkaOverrides = new Dictionary<string, string> { ["queue.buffering.max.messages"] = "10" },
        };
        using var factory = new KafkaSinkFactory(settings);

        await Publish(factory, new ChunkContext("run-q1", 0, "src", 1), Range(0, 2000));

        Assert.Equal(Indexes(0, 2000), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task Every_failed_delivery_is_counted_against_the_chunk()
    {
        // A cluster of its own: its only broker is down, so every message times out undelivered.
        using MockKafkaCluster cluster = ClusterWithItsBrokerDown("unreachable", partitions: 4);
        var settings = new KafkaSettings
        {
            Brokers = cluster.BootstrapServers,
            Topic = "unreachable",
            Transactions = false,
            LibrdkafkaOverrides = new Dictionary<string, string> { ["message.timeout.ms"] = "1000", ["log_level"] = "0" },
        };
        using var factory = new KafkaSinkFactory(settings);
        await using IRecordSink sink = await factory.CreateAsync(new ChunkContext("run-q2", 3, "src", 1), s_none);

        var failure = await Assert.ThrowsAsync<KafkaPublishException>(async () =>
        {
            await sink.WriteAsync(KafkaSinkTests.Batch(Range(0, 1500)), s_none);
            await sink.WriteAsync(KafkaSinkTests.Batch(Range(1500, 1500)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), s_none);
        });

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
        Assert.Contains("3000 message(s) were not delivered", failure.Message);
    }

    [Fact]
    public async Task A_chunk_whose_cluster_is_down_fails_to_begin_and_says_so()
    {
        // The wait for a cluster connection before InitTransactions must not turn a dead cluster into a started chunk.
        using MockKafkaCluster cluster = ClusterWithItsBrokerDown("down", partitions: 1);
        var settings = new KafkaSettings
        {
            Brokers = cluster.BootstrapServers,
            Topic = "down",
            OperationTimeout = TimeSpan.FromSeconds(2),
            LibrdkafkaOverrides = new Dictionary<string, string> { ["log_level"] = "0" },
        };
        using var factory = new KafkaSinkFactory(settings);

        var failure = await Assert.ThrowsAsync<KafkaPublishException>(
            async () => await factory.CreateAsync(new ChunkContext("run-q4", 2, "src", 1), s_none));

        Assert.Contains("could not begin the chunk's transaction", failure.Message);
        Assert.Equal(2, failure.ChunkId);
    }

    [Fact]
    public async Task The_token_provider_is_asked_for_a_token_as_the_producer_starts()
    {
        // The mock cluster has no SASL handshake, so publishing over OAUTHBEARER cannot be shown here; what can is that
        // librdkafka's token request reaches the provider before anything is published.
        int calls = 0;
        KafkaSettings settings = mock.Settings(mock.NewTopic(), transactions: false) with
        {
            Security = KafkaSecurity.Iam,
            SaslWithoutTls = true,
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(("signed-token", DateTimeOffset.UtcNow.AddMinutes(15)));
            },
            LibrdkafkaOverrides = new Dictionary<string, string> { ["log_level"] = "0" },
        };
        using var factory = new KafkaSinkFactory(settings);

        await using IRecordSink sink = await factory.CreateAsync(new ChunkContext("run-q3", 0, "src", 1), s_none);

        Assert.Equal(1, Volatile.Read(ref calls));
    }

    /// <summary>A one-broker cluster of the test's own with <paramref name="topic"/>, its broker taken down.</summary>
    private static MockKafkaCluster ClusterWithItsBrokerDown(string topic, int partitions)
    {
        MockKafkaCluster cluster = MockKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic(topic, partitions);
        cluster.SetBrokerDown(1);
        return cluster;
    }
}
