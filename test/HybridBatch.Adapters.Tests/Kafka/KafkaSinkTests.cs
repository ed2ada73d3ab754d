using System.Text;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;

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
            await sink.CompleteAsync(s_none);
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
    public async Task A_chunk_disposed_without_completing_is_invisible_to_read_committed()
    {
        string topic = mock.NewTopic();
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        await Publish(factory, new ChunkContext("run-2", 0, "src", 1), Range(0, 100));
        await using (IRecordSink abandoned = await factory.CreateAsync(new ChunkContext("run-2", 1, "src", 1), s_none))
        {
            await abandoned.WriteAsync(Batch(Range(100, 100)), s_none);
        }

        await Publish(factory, new ChunkContext("run-2", 2, "src", 1), Range(200, 100));

        IReadOnlyList<ConsumedMessage> messages = mock.ReadBack(topic);

        Assert.Equal(
            Enumerable.Range(0, 100).Concat(Enumerable.Range(200, 100)),
            messages.Select(m => int.Parse(m.Headers["recordIndex"])).Order());
    }

    internal static async Task Publish(KafkaSinkFactory factory, ChunkContext context, (string Key, string Value, long Index)[] messages)
    {
        await using IRecordSink sink = await factory.CreateAsync(context, s_none);
        await sink.WriteAsync(Batch(messages), s_none);
        await sink.CompleteAsync(s_none);
    }

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
