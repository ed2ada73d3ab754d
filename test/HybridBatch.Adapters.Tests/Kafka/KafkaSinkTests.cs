using HybridBatch.Adapters.Tests.Support;
using System.Text;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Kafka;

public class KafkaSinkTests(MockClusterFixture mock) : IClassFixture<MockClusterFixture>
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task Messages_arrive_with_their_keys_values_and_headers()
    {
        string topic = mock.NewTopic();
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        await using (IRecordSink sink = await factory.CreateAsync(new ChunkContext("run-1", 4, "in/x.jsonl", 1), s_none))
        {
            await sink.WriteAsync(Batch(("k1", "{\"a\":1}", 10), ("run-1:11", "{\"a\":[2]}", 11)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), s_none);
        }

        IReadOnlyList<ConsumedMessage> messages = mock.ReadBack(topic);

        ConsumedMessage first = Assert.Single(messages, m => Text(m.Key) == "k1");
        Assert.Equal("{\"a\":1}", Text(first.Value));
        Assert.Equal("run-1", first.Headers["runId"]);
        Assert.Equal("10", first.Headers["recordIndex"]);
        Assert.Equal("in/x.jsonl", first.Headers["source"]);
        ConsumedMessage second = Assert.Single(messages, m => Text(m.Key) == "run-1:11");
        Assert.Equal("{\"a\":[2]}", Text(second.Value));
        Assert.Equal("11", second.Headers["recordIndex"]);
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task Read_committed_sees_the_committed_chunks_and_not_one_disposed_without_completing()
    {
        string topic = mock.NewTopic();
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        await Publish(factory, new ChunkContext("run-2", 0, "src", 1), Range(0, 100));
        await using (IRecordSink abandoned = await factory.CreateAsync(new ChunkContext("run-2", 1, "src", 1), s_none))
        {
            await abandoned.WriteAsync(Batch(Range(100, 100)), s_none);
            mock.WaitUntilOnBrokers(topic, 200);
        }

        await Publish(factory, new ChunkContext("run-2", 2, "src", 1), Range(200, 100));

        Assert.Equal(Indexes(0, 100).Concat(Indexes(200, 100)), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task The_log_tells_committed_aborted_and_open_transactions_apart()
    {
        string topic = mock.NewTopic();
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        await Publish(factory, new ChunkContext("run-7", 0, "src", 1), Range(0, 100));
        await using (IRecordSink abandoned = await factory.CreateAsync(new ChunkContext("run-7", 1, "src", 1), s_none))
        {
            await abandoned.WriteAsync(Batch(Range(100, 50)), s_none);
            mock.WaitUntilOnBrokers(topic, 150);
        }

        await using IRecordSink open = await factory.CreateAsync(new ChunkContext("run-7", 2, "src", 1), s_none);
        await open.WriteAsync(Batch(Range(150, 30)), s_none);
        mock.WaitUntilOnBrokers(topic, 180);

        IReadOnlyList<LoggedTransaction> transactions = mock.Cluster.DescribeTransactions(topic, TimeSpan.FromSeconds(30));

        Assert.Equal(
            [(TransactionOutcome.Committed, 100L), (TransactionOutcome.Aborted, 50L), (TransactionOutcome.Open, 30L)],
            transactions.Select(t => (t.Outcome, t.Records)).Order());
        Assert.Equal(3, transactions.Select(t => t.ProducerId).Distinct().Count());
    }

    [Fact]
    public async Task A_delivery_failure_fails_the_chunk_and_the_retry_delivers_each_record_once()
    {
        string topic = mock.NewTopic(partitions: 1);
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        var attempt1 = new ChunkContext("run-3", 5, "src", 1);
        await using (IRecordSink sink = await factory.CreateAsync(attempt1, s_none))
        {
            mock.Cluster.PushRequestErrors(MockKafkaCluster.ProduceApiKey, ErrorCode.TopicAuthorizationFailed);
            var failure = await Assert.ThrowsAsync<KafkaPublishException>(async () =>
            {
                await sink.WriteAsync(Batch(Range(0, 50)), s_none);
                await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), s_none);
            });

            Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
            Assert.Equal(5, failure.ChunkId);
            Assert.Contains("chunk 5", failure.Message);
        }

        await Publish(factory, attempt1 with { Attempt = 2 }, Range(0, 50));

        Assert.Equal(Indexes(0, 50), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task Transient_broker_errors_are_retried_without_duplicates()
    {
        string topic = mock.NewTopic(partitions: 1);
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        mock.Cluster.PushRequestErrors(MockKafkaCluster.ProduceApiKey,
            ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut);

        await Publish(factory, new ChunkContext("run-4", 0, "src", 1), Range(0, 500));

        Assert.Equal(Indexes(0, 500), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task Without_transactions_chunks_share_one_idempotent_producer_and_are_delivered()
    {
        string topic = mock.NewTopic();
        using var factory = new KafkaSinkFactory(mock.Settings(topic, transactions: false));

        await Publish(factory, new ChunkContext("run-6", 0, "src", 1), Range(0, 100));
        await Publish(factory, new ChunkContext("run-6", 1, "src", 1), Range(100, 100));

        Assert.Equal(Indexes(0, 200), mock.CommittedIndexes(topic));
    }

    [Fact]
    public async Task Without_transactions_a_delivery_failure_still_fails_the_chunk()
    {
        string topic = mock.NewTopic(partitions: 1);
        using var factory = new KafkaSinkFactory(mock.Settings(topic, transactions: false));
        await using IRecordSink sink = await factory.CreateAsync(new ChunkContext("run-7", 0, "src", 1), s_none);
        mock.Cluster.PushRequestErrors(MockKafkaCluster.ProduceApiKey, ErrorCode.TopicAuthorizationFailed);

        var failure = await Assert.ThrowsAsync<KafkaPublishException>(async () =>
        {
            await sink.WriteAsync(Batch(Range(0, 10)), s_none);
            await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), s_none);
        });

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
    }

    [Fact]
    public async Task The_sink_copies_messages_before_the_batch_is_reused()
    {
        string topic = mock.NewTopic(partitions: 1);
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        await using (IRecordSink sink = await factory.CreateAsync(new ChunkContext("run-8", 0, "src", 1), s_none))
        {
            MessageBatch batch = Batch(("a", "{\"v\":1}", 0));
            await sink.WriteAsync(batch, s_none);
            batch.Clear();
            batch.Add("b"u8, "{\"v\":2}"u8, 1);
            await sink.WriteAsync(batch, s_none);
            await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), s_none);
        }

        Assert.Equal(["a={\"v\":1}", "b={\"v\":2}"], mock.ReadBack(topic).Select(m => $"{Text(m.Key)}={Text(m.Value)}"));
    }

    internal static async Task Publish(KafkaSinkFactory factory, ChunkContext context, (string Key, string Value, long Index)[] messages)
    {
        await using IRecordSink sink = await factory.CreateAsync(context, s_none);
        await sink.WriteAsync(Batch(messages), s_none);
        await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), s_none);
    }

    internal static IEnumerable<long> Indexes(int start, int count) => Enumerable.Range(start, count).Select(i => (long)i);

    internal static (string Key, string Value, long Index)[] Range(int start, int count) =>
        Enumerable.Range(start, count).Select(i => ($"k{i}", $"{{\"id\":{i}}}", (long)i)).ToArray();

    internal static MessageBatch Batch(params (string Key, string Value, long Index)[] messages)
    {
        var batch = new MessageBatch();
        foreach ((string key, string value, long index) in messages)
        {
            batch.Add(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), index);
        }

        return batch;
    }

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
