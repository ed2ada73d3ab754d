namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The offset ranges [first, last] of one partition that read_committed must not return (aborted or still open
/// transactions), read from the partition's own transaction markers. Needed only with librdkafka's mock cluster,
/// which reports neither aborted transactions nor the last stable offset (<see cref="KafkaSettings.MockCluster"/>).
/// The reader lives with the mock in HybridBatch.MockKafka, which ships in the CLI and the tests, not in bootstrap.
/// </summary>
public delegate IReadOnlyList<(long First, long Last)> UncommittedOffsets(string host, int port, string topic, int partition, TimeSpan timeout);
