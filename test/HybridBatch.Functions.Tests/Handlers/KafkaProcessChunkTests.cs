using HybridBatch.Adapters.Kafka;
using HybridBatch.Functions.Tests.Support;
using HybridBatch.MockKafka;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>
/// process-chunk publishing to Kafka from the Native AOT binary (Confluent.Kafka has to survive trimming), against
/// librdkafka's mock cluster in this process: the chunk's valid records arrive, committed, with their identities;
/// processing the chunk again republishes exactly the same identities (consumers can tell the copies apart).
/// </summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class KafkaProcessChunkTests(FunctionWorld world)
{
    [Fact]
    public async Task A_chunk_reaches_kafka_once_and_processing_it_again_after_success_publishes_nothing_more()
    {
        using MockKafkaCluster kafka = MockKafkaCluster.Start();
        kafka.CreateTopic("orders", partitions: 4);
        SampleRun run = await world.NewSplitRunAsync();
        var settings = new Dictionary<string, string>
        {
            ["RECORD_DESTINATION"] = "kafka",
            ["KAFKA_BROKERS"] = kafka.BootstrapServers,
            ["KAFKA_TOPIC"] = "orders",
        };

        Invoked first = await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run), settings);
        Invoked retried = await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run), settings);

        Assert.Equal(119, first.Response("first attempt").GetProperty("published").GetInt64());
        Assert.Equal("kafka", first.Json.GetProperty("destination").GetString());
        Assert.Equal(119, retried.Response("retry").GetProperty("published").GetInt64());
        IReadOnlyList<ConsumedMessage> messages = kafka.ReadBack("orders", TimeSpan.FromSeconds(60), readCommitted: true);
        var identities = messages.Select(m => (m.Headers.GetValueOrDefault("runId"), m.Headers.GetValueOrDefault("recordIndex"))).ToList();
        Assert.All(identities, identity => Assert.Equal(run.RunId, identity.Item1));
        Assert.Equal(119, identities.Distinct().Count());
        Assert.Equal(119, identities.Count);
        Assert.DoesNotContain(identities, identity => identity.Item2 == "50");
    }
}
