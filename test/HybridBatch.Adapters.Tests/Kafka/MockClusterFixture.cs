using HybridBatch.Adapters.Kafka;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>One mock cluster per test class; each test uses topics of its own.</summary>
public sealed class MockClusterFixture : IDisposable
{
    public MockKafkaCluster Cluster { get; } = MockKafkaCluster.Start();

    /// <summary>Creates a fresh topic and returns its name.</summary>
    public string NewTopic(int partitions = 3)
    {
        string topic = $"t-{Guid.NewGuid():N}";
        Cluster.CreateTopic(topic, partitions, replicationFactor: 3);
        return topic;
    }

    public KafkaSettings Settings(string topic, bool transactions = true) => new()
    {
        Brokers = Cluster.BootstrapServers,
        Topic = topic,
        Transactions = transactions,
        // Tests that break delivery should fail in seconds, not in the production default of minutes.
        OperationTimeout = TimeSpan.FromSeconds(20),
        MockCluster = true,
        MockClusterMarkers = TransactionMarkerReader.HiddenRanges,
    };

    public IReadOnlyList<ConsumedMessage> ReadBack(string topic) => Cluster.ReadBack(topic, TimeSpan.FromSeconds(30));

    /// <summary>The record indexes read_committed sees, in order.</summary>
    public long[] CommittedIndexes(string topic) =>
        ReadBack(topic).Select(m => long.Parse(m.Headers["recordIndex"], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();

    /// <summary>
    /// Waits (bounded) until read_uncommitted sees at least <paramref name="count"/> messages: proof that they
    /// reached the brokers, so a test of what read_committed hides is not passing only because nothing was sent.
    /// </summary>
    public void WaitUntilOnBrokers(string topic, int count)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (Cluster.ReadBack(topic, TimeSpan.FromSeconds(30), readCommitted: false).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} messages reached {topic} in 30 s");
        }
    }

    public void Dispose() => Cluster.Dispose();
}
