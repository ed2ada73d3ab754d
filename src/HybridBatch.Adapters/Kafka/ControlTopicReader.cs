using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Reads a chunk's completion records back from the control topic with a read_committed consumer that is assigned the
/// one partition the chunk's records go to (no consumer group, so no group permission and no rebalance wait), up to
/// the end the partition had when the read began, and answers the last committed step's checkpoint.
/// </summary>
/// <remarks>
/// On a real broker read_committed stops at the last stable offset: a transaction still open below the end (another
/// chunk's step about to commit, or a killed attempt's, until its retry fences it or the broker's transaction timeout
/// aborts it) hides what follows it. The read therefore waits until it has passed the end it started from, and fails
/// (transient: retried) if it cannot within the operation timeout, rather than miss a committed step and publish it
/// again. librdkafka's mock cluster has no last stable offset and reports no aborted transactions: with
/// <see cref="KafkaSettings.MockCluster"/> the reader also drops the records that the partition's own transaction
/// markers say are aborted or still open (<see cref="KafkaSettings.MockClusterMarkers"/>). Nothing on a real broker depends on that.
/// </remarks>
internal sealed class ControlTopicReader : IDisposable
{
    // A consumer config takes no producer properties; librdkafka would warn about each one.
    private static readonly HashSet<string> s_producerOnly =
        ["acks", "enable.idempotence", "compression.type", "linger.ms", "batch.size", "transactional.id", "transaction.timeout.ms",
         "queue.buffering.max.messages", "queue.buffering.max.kbytes"];

    private readonly KafkaSettings _settings;
    private readonly ChunkContext _context;
    private readonly string _topic;
    private IConsumer<byte[], byte[]>? _consumer;
    private IAdminClient? _admin;
    private int? _partition;
    private BrokerMetadata? _leader;

    public ControlTopicReader(KafkaSettings settings, ChunkContext context)
    {
        _settings = settings;
        _context = context;
        _topic = settings.EffectiveControlTopic;
        Key = Encoding.UTF8.GetBytes(ControlKey(context));
    }

    /// <summary>The completion records' key: <c>runId/chunkId</c>, so compaction keeps each chunk's last step.</summary>
    public byte[] Key { get; }

    public static string ControlKey(ChunkContext context) => $"{context.RunId}/{context.ChunkId}";

    /// <summary>
    /// The partition of <paramref name="key"/> among <paramref name="partitions"/>: FNV-1a (32 bit) of its UTF-8 bytes.
    /// Chosen here, not by a partitioner, so the reader knows which partition to read. Adding partitions to the control
    /// topic moves keys: do not, while runs are unfinished.
    /// </summary>
    public static int PartitionOf(ReadOnlySpan<byte> key, int partitions)
    {
        uint hash = 2166136261;
        foreach (byte b in key)
        {
            hash = (hash ^ b) * 16777619;
        }

        return (int)((hash & 0x7fffffff) % (uint)partitions);
    }

    /// <summary>The control topic's partition for this chunk (looked up once).</summary>
    public int Partition()
    {
        if (_partition is int known)
        {
            return known;
        }

        _admin ??= new DependentAdminClientBuilder(Consumer().Handle).Build();
        Metadata metadata;
        try
        {
            metadata = _admin.GetMetadata(_topic, _settings.OperationTimeout);
        }
        catch (KafkaException failure)
        {
            throw Failure(failure.Error, "could not read the control topic's metadata", failure);
        }

        TopicMetadata? topic = metadata.Topics.SingleOrDefault(t => t.Topic == _topic);
        if (topic is null || topic.Error.Code == ErrorCode.UnknownTopicOrPart || (topic.Error.Code == ErrorCode.NoError && topic.Partitions.Count == 0))
        {
            throw Failure(topic?.Error ?? new Error(ErrorCode.UnknownTopicOrPart),
                $"the control topic does not exist; create it compacted (cleanup.policy=compact) or set {KafkaSettings.ControlTopicVariable}",
                failureClass: FailureClass.Configuration);
        }

        if (topic.Error.IsError)
        {
            throw Failure(topic.Error, "the control topic's metadata has an error");
        }

        int partition = PartitionOf(Key, topic.Partitions.Count);
        int leaderId = topic.Partitions.Single(p => p.PartitionId == partition).Leader;
        _leader = metadata.Brokers.SingleOrDefault(b => b.BrokerId == leaderId);
        _partition = partition;
        return partition;
    }

    /// <summary>The last checkpoint of this chunk a committed transaction wrote, or null when none did.</summary>
    public ChunkCheckpoint? LastCommitted(CancellationToken cancellationToken)
    {
        int partition = Partition();
        IConsumer<byte[], byte[]> consumer = Consumer();
        var assigned = new TopicPartition(_topic, partition);
        long end = LogEnd(assigned, cancellationToken);
        if (end <= 0)
        {
            return null;
        }

        consumer.Assign(new TopicPartitionOffset(assigned, Offset.Beginning));
        var found = new List<(long Offset, CompletionRecord Record)>();
        DateTime deadline = DateTime.UtcNow + _settings.OperationTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan left = deadline - DateTime.UtcNow;
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                result = left > TimeSpan.Zero ? consumer.Consume(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1)) : null;
            }
            catch (ConsumeException failure)
            {
                throw Failure(failure.Error, $"could not read control topic partition {partition}", failure);
            }

            if (result is null)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    long position = consumer.Position(assigned).Value;
                    throw Failure(new Error(ErrorCode.RequestTimedOut),
                        $"control topic partition {partition}: read_committed reached offset {position} of {end} within {_settings.OperationTimeout}; " +
                        "a transaction is still open below the end (another chunk's step, or a killed attempt's until the broker aborts it)");
                }

                continue;
            }

            if (result.IsPartitionEOF)
            {
                if (result.Offset.Value >= end)
                {
                    break;
                }

                continue;
            }

            if (result.Message.Key is { } key && key.AsSpan().SequenceEqual(Key))
            {
                found.Add((result.Offset.Value, Parse(result)));
            }

            if (result.Offset.Value + 1 >= end)
            {
                break;
            }
        }

        if (_settings.MockCluster && found.Count > 0)
        {
            found = WithoutUncommitted(found, partition);
        }

        return found.Count == 0 ? null : found.MaxBy(f => f.Record.Checkpoint.Step).Record.Checkpoint;
    }

    /// <summary>
    /// The partition's log end, open transactions included (a read_uncommitted ListOffsets): every step committed before
    /// this call lies below it, so read_committed must get there before it may say which steps are committed.
    /// </summary>
    private long LogEnd(TopicPartition partition, CancellationToken cancellationToken)
    {
        _admin ??= new DependentAdminClientBuilder(Consumer().Handle).Build();
        try
        {
            ListOffsetsResult answer = _admin.ListOffsetsAsync(
                [new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = OffsetSpec.Latest() }],
                new ListOffsetsOptions { IsolationLevel = IsolationLevel.ReadUncommitted, RequestTimeout = _settings.OperationTimeout })
                .WaitAsync(cancellationToken).GetAwaiter().GetResult();
            return answer.ResultInfos.Single().TopicPartitionOffsetError.Offset.Value;
        }
        catch (ListOffsetsException failure)
        {
            throw Failure(failure.Error, $"could not read the end of control topic partition {partition.Partition.Value}", failure);
        }
        catch (KafkaException failure)
        {
            throw Failure(failure.Error, $"could not read the end of control topic partition {partition.Partition.Value}", failure);
        }
    }

    public void Dispose()
    {
        _admin?.Dispose();
        _admin = null;
        _consumer?.Close();
        _consumer?.Dispose();
        _consumer = null;
    }

    private List<(long Offset, CompletionRecord Record)> WithoutUncommitted(List<(long Offset, CompletionRecord Record)> found, int partition)
    {
        BrokerMetadata leader = _leader ?? throw new InvalidOperationException($"control topic partition {partition} has no known leader");
        UncommittedOffsets markers = _settings.MockClusterMarkers
            ?? throw new InvalidOperationException($"{KafkaSettings.MockClusterVariable} is true but no reader of the mock cluster's transaction markers was given");
        IReadOnlyList<(long First, long Last)> hidden = markers(leader.Host, leader.Port, _topic, partition, _settings.OperationTimeout);
        return found.Where(f => !hidden.Any(range => f.Offset >= range.First && f.Offset <= range.Last)).ToList();
    }

    private CompletionRecord Parse(ConsumeResult<byte[], byte[]> result)
    {
        try
        {
            return JsonSerializer.Deserialize(result.Message.Value, KafkaControlJson.Default.CompletionRecord)
                ?? throw new JsonException("null");
        }
        catch (JsonException unreadable)
        {
            throw new ChunkDataException(_context.ChunkId,
                $"control topic {_topic} partition {result.Partition.Value} offset {result.Offset.Value}: the completion record of run {_context.RunId} is unreadable ({unreadable.Message})");
        }
    }

    private IConsumer<byte[], byte[]> Consumer()
    {
        if (_consumer is not null)
        {
            return _consumer;
        }

        var config = KafkaProducerHandle.Config(_settings, transactionalId: null)
            .Where(entry => !s_producerOnly.Contains(entry.Key))
            .ToDictionary(entry => entry.Key, entry => entry.Value);
        // Confluent.Kafka insists on a group id; the consumer never joins the group (Assign, no commits), so it needs no
        // group permission. Per chunk, so no two readers could ever share one.
        config["group.id"] = $"hybridbatch-control-{_context.RunId}-{_context.ChunkId}";
        config["isolation.level"] = "read_committed";
        config["enable.partition.eof"] = "true";
        config["enable.auto.commit"] = "false";
        config["auto.offset.reset"] = "earliest";
        // The mock creates topics on demand; a real cluster's control topic is created (compacted) by its operator.
        config["allow.auto.create.topics"] = _settings.MockCluster ? "true" : "false";
        var builder = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler(static (_, _) => { });
        if (_settings.TokenProvider is { } tokens)
        {
            builder.SetOAuthBearerTokenRefreshHandler((client, _) =>
            {
                try
                {
                    (string token, DateTimeOffset expiry) = tokens(CancellationToken.None).GetAwaiter().GetResult();
                    client.OAuthBearerSetToken(token, expiry.ToUnixTimeMilliseconds(), "hybridbatch");
                }
                catch (Exception failure)
                {
                    client.OAuthBearerSetTokenFailure($"{failure.GetType().Name}: {failure.Message}");
                }
            });
        }

        return _consumer = builder.Build();
    }

    private KafkaPublishException Failure(Error error, string problem, Exception? inner = null, FailureClass? failureClass = null) =>
        new(_context.RunId, _context.ChunkId, _topic, error, problem, inner, failureClass);
}
