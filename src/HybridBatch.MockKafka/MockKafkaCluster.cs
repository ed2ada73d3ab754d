using System.Text;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;

namespace HybridBatch.MockKafka;

/// <summary>
/// librdkafka's built-in mock cluster, in this process: real Kafka protocol on 127.0.0.1 ports, for tests and
/// the local mode. Clients (here or in other processes) connect to <see cref="BootstrapServers"/>. The cluster
/// lives until this object is disposed. Each mock partition keeps only about 5 MiB / 100,000 message sets:
/// for large volumes use many partitions or read while producing.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    /// <summary>The Produce request's API key, for <see cref="PushRequestErrors"/>.</summary>
    public const short ProduceApiKey = 0;

    // The cluster lives inside this client: its pointer is used only under a lease of the client.
    private readonly KafkaClientSafeHandle _client;
    private readonly nint _cluster;

    private MockKafkaCluster(KafkaClientSafeHandle client, int brokers)
    {
        _client = client;
        using (NativeLease lease = client.Lease())
        {
            _cluster = LibrdkafkaMock.MockCluster(lease.Handle);
            if (_cluster == 0)
            {
                client.Dispose();
                throw new InvalidOperationException("librdkafka started no mock cluster");
            }

            BootstrapServers = LibrdkafkaMock.Bootstraps(_cluster);
        }

        Brokers = brokers;
    }

    /// <summary>Comma-separated <c>127.0.0.1:port</c> list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids are 1 to this number.</summary>
    public int Brokers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers (default 3).</summary>
    /// <param name="brokers">How many brokers the cluster has.</param>
    /// <param name="librdkafkaPath">
    /// The librdkafka build to host the cluster and the producers of this process (<c>KAFKA_LIBRDKAFKA</c>); null for
    /// the bundled copy. The mock binds the process's choice, so it must be made here, before the cluster starts.
    /// </param>
    public static MockKafkaCluster Start(int brokers = 3, string? librdkafkaPath = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        LibrdkafkaLocation.Choose(librdkafkaPath);

        // The mock cluster belongs to the client that asked for it. This client is made through the C API rather
        // than an AdminClient so that the cluster pointer comes from a handle this class owns outright.
        var config = new Dictionary<string, string>
        {
            ["test.mock.num.brokers"] = brokers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["client.id"] = "hybridbatch-mock-cluster",
            // Notices such as the MOCK start-up line would go to stderr; warnings and errors still do.
            ["log_level"] = "4",
        };
        return new MockKafkaCluster(LibrdkafkaMock.NewClientWithMockCluster(config), brokers);
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions (auto-created topics get 4).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, Brokers);
        using NativeLease lease = _client.Lease();
        int error = LibrdkafkaMock.CreateTopic(_cluster, topic, partitions, replicationFactor);
        if (error != 0)
        {
            throw new KafkaException((ErrorCode)error);
        }
    }

    /// <summary>
    /// Makes the next requests with API key <paramref name="apiKey"/> (e.g. <see cref="ProduceApiKey"/>) fail
    /// with <paramref name="errors"/>, one error per request, in order, whichever broker receives them.
    /// </summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        int[] codes = Array.ConvertAll(errors, e => (int)e);
        using NativeLease lease = _client.Lease();
        LibrdkafkaMock.PushRequestErrors(_cluster, apiKey, codes);
    }

    /// <summary>Drops the errors pushed for <paramref name="apiKey"/> that no request has taken yet.</summary>
    public void ClearRequestErrors(short apiKey)
    {
        using NativeLease lease = _client.Lease();
        LibrdkafkaMock.ClearRequestErrors(_cluster, apiKey);
    }

    /// <summary>Takes broker <paramref name="brokerId"/> (1-based) down: its connections close and it accepts none.</summary>
    public void SetBrokerDown(int brokerId)
    {
        using NativeLease lease = _client.Lease();
        Check(LibrdkafkaMock.SetBrokerDown(_cluster, brokerId));
    }

    /// <summary>Brings broker <paramref name="brokerId"/> back up.</summary>
    public void SetBrokerUp(int brokerId)
    {
        using NativeLease lease = _client.Lease();
        Check(LibrdkafkaMock.SetBrokerUp(_cluster, brokerId));
    }

    /// <summary>
    /// Reads <paramref name="topic"/> from the beginning with a <c>read_committed</c> consumer (or read_uncommitted,
    /// to see what reached the brokers) until every partition reports its end, and returns the messages in
    /// partition, offset order. Partitions are assigned directly (no group membership, so no rebalance delay).
    /// Because the mock does not tell consumers about aborted transactions, read_committed also drops the messages
    /// of transactions whose marker in the log says aborted, or that have no marker yet (still open), as a broker would.
    /// Throws <see cref="TimeoutException"/> if the end is not reached in time.
    /// </summary>
    public IReadOnlyList<ConsumedMessage> ReadBack(string topic, TimeSpan timeout, bool readCommitted = true)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<PartitionMetadata> leaders = Partitions(topic, timeout, out Metadata metadata);
        int partitions = leaders.Count;
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            // librdkafka wants a group id for a consumer; with Assign it never joins the group.
            GroupId = $"hybridbatch-readback-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var atEnd = new HashSet<int>();
        var messages = new List<ConsumedMessage>();
        while (atEnd.Count < partitions)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            ConsumeResult<byte[], byte[]>? result = left > TimeSpan.Zero ? consumer.Consume(left) : null;
            if (result is null)
            {
                int[] missing = Enumerable.Range(0, partitions).Where(p => !atEnd.Contains(p)).ToArray();
                throw new TimeoutException($"{topic}: partitions {string.Join(", ", missing)} did not reach their end within {timeout}");
            }

            if (result.IsPartitionEOF)
            {
                atEnd.Add(result.Partition.Value);
                continue;
            }

            messages.Add(ToMessage(result));
        }

        consumer.Close();
        if (readCommitted)
        {
            messages = WithoutUncommittedTransactions(topic, leaders, metadata, messages, timeout);
        }

        messages.Sort((a, b) => a.Partition != b.Partition ? a.Partition.CompareTo(b.Partition) : a.Offset.CompareTo(b.Offset));
        return messages;
    }

    /// <summary>
    /// What the transactions in <paramref name="topic"/> left in its log, by producer (id, epoch) and outcome, summed
    /// over partitions, in order of producer id and epoch: which attempts committed, which were aborted and which
    /// are still open. Read from the log's record batches and control markers, not through a consumer.
    /// </summary>
    public IReadOnlyList<LoggedTransaction> DescribeTransactions(string topic, TimeSpan timeout)
    {
        IReadOnlyList<PartitionMetadata> partitions = Partitions(topic, timeout, out Metadata metadata);
        var batches = new List<TransactionMarkerReader.TransactionalBatch>();
        foreach (PartitionMetadata partition in partitions)
        {
            BrokerMetadata leader = metadata.Brokers.Single(b => b.BrokerId == partition.Leader);
            batches.AddRange(TransactionMarkerReader.Read(leader.Host, leader.Port, topic, partition.PartitionId, timeout));
        }

        return batches
            .GroupBy(b => (b.ProducerId, b.ProducerEpoch, b.Outcome))
            .Select(g => new LoggedTransaction(g.Key.ProducerId, g.Key.ProducerEpoch, g.Key.Outcome, g.Sum(b => (long)b.Records)))
            .OrderBy(t => t.ProducerId).ThenBy(t => t.ProducerEpoch).ThenBy(t => t.Outcome)
            .ToList();
    }

    public void Dispose() => _client.Dispose();

    private IReadOnlyList<PartitionMetadata> Partitions(string topic, TimeSpan timeout, out Metadata metadata)
    {
        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers })
            .SetLogHandler(static (_, _) => { })
            .Build();
        metadata = admin.GetMetadata(topic, timeout);
        TopicMetadata found = metadata.Topics.Single(t => t.Topic == topic);
        if (found.Error.IsError)
        {
            throw new KafkaException(found.Error);
        }

        return found.Partitions;
    }

    private static List<ConsumedMessage> WithoutUncommittedTransactions(
        string topic, IReadOnlyList<PartitionMetadata> partitions, Metadata metadata, List<ConsumedMessage> messages, TimeSpan timeout)
    {
        var hidden = new Dictionary<int, List<(long First, long Last)>>();
        foreach (PartitionMetadata partition in partitions)
        {
            BrokerMetadata leader = metadata.Brokers.Single(b => b.BrokerId == partition.Leader);
            hidden[partition.PartitionId] = TransactionMarkerReader.HiddenRanges(leader.Host, leader.Port, topic, partition.PartitionId, timeout);
        }

        return messages
            .Where(m => !hidden[m.Partition].Exists(range => m.Offset >= range.First && m.Offset <= range.Last))
            .ToList();
    }

    private static ConsumedMessage ToMessage(ConsumeResult<byte[], byte[]> result)
    {
        var headers = new Dictionary<string, string>();
        foreach (IHeader header in result.Message.Headers ?? [])
        {
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        }

        return new ConsumedMessage(result.Partition.Value, result.Offset.Value, result.Message.Key ?? [], result.Message.Value ?? [], headers);
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new KafkaException((ErrorCode)error);
        }
    }
}
