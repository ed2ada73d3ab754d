using System.Globalization;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core.Processing;
using Xunit.Abstractions;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>Transactional chunks through a mock cluster that fails a seeded share of Produce and commit requests.</summary>
public class MockClusterFaultsTests(MockClusterFixture mock, ITestOutputHelper output) : IClassFixture<MockClusterFixture>
{
    [Fact]
    public void The_same_seed_plans_the_same_faults()
    {
        using MockClusterFaults first = MockClusterFaults.Inject(mock.Cluster, seed: 42, share: 0.3, requests: 50);
        first.Dispose();
        using MockClusterFaults second = MockClusterFaults.Inject(mock.Cluster, seed: 42, share: 0.3, requests: 50);

        Assert.Equal(first.Plan[MockClusterFaults.EndTxnApiKey], second.Plan[MockClusterFaults.EndTxnApiKey]);
        Assert.Equal(first.Plan[MockClusterFaults.ProduceApiKey], second.Plan[MockClusterFaults.ProduceApiKey]);
        // About 30 % of 150 planned requests: far from none and far from all.
        Assert.InRange(second.Failures, 20, 70);
    }

    [Fact]
    public async Task Every_record_is_committed_once_when_produce_and_commit_requests_fail()
    {
        // HYBRIDBATCH_KAFKA_FAULT_SEED replays a failing run; it is only read, never set.
        string? replay = Environment.GetEnvironmentVariable("HYBRIDBATCH_KAFKA_FAULT_SEED");
        int seed = replay is null ? Random.Shared.Next() : int.Parse(replay, CultureInfo.InvariantCulture);
        string topic = mock.NewTopic(partitions: 3);
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        using MockClusterFaults faults = MockClusterFaults.Inject(mock.Cluster, seed, share: 0.3, requests: 40);
        output.WriteLine($"{faults} (set HYBRIDBATCH_KAFKA_FAULT_SEED={seed} to replay)");

        const int Chunks = 6;
        const int PerChunk = 200;
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            // A chunk whose errors outlast librdkafka's retries fails as transient; its retry must not duplicate.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await KafkaSinkTests.Publish(factory, new ChunkContext("run-faults", chunk, "src", attempt), KafkaSinkTests.Range(chunk * PerChunk, PerChunk));
                    break;
                }
                catch (KafkaPublishException error) when (attempt < 3)
                {
                    output.WriteLine($"chunk {chunk} attempt {attempt}: {error.Message}");
                }
            }
        }

        Assert.True(KafkaSinkTests.Indexes(0, Chunks * PerChunk).SequenceEqual(mock.CommittedIndexes(topic)),
            $"{faults}: read_committed does not hold each record exactly once (set HYBRIDBATCH_KAFKA_FAULT_SEED={seed} to replay)");
    }
}
