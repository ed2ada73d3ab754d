using HybridBatch.Adapters.Kafka;

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
    };

    public IReadOnlyList<ConsumedMessage> ReadBack(string topic) => Cluster.ReadBack(topic, TimeSpan.FromSeconds(30));

    public void Dispose() => Cluster.Dispose();
}
