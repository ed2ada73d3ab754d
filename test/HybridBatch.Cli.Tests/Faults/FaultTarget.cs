using System.Globalization;
using Amazon.SQS.Model;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.MockKafka;

namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// Where one trial of <see cref="S3FaultTests"/> publishes: the worker's arguments and settings for it, and the check
/// of what it holds once the chunk has succeeded. One implementation per destination below.
/// </summary>
internal abstract class FaultTarget : IDisposable
{
    /// <summary>The worker's <c>--destination</c> and any argument that goes with it.</summary>
    public abstract string[] Arguments { get; }

    public abstract (string Name, string Value)[] Settings { get; }

    /// <summary>Why the destination does not hold what it should after the retries, or null.</summary>
    public abstract Task<string?> CheckAsync(string runId, HashSet<long> valid, int interrupted, string context);

    public virtual void Dispose()
    {
    }

    public override string ToString() => string.Join(' ', Arguments);
}

/// <summary>
/// A queue of its own: every valid record with its identity, a standard queue's duplicates within one step per
/// interrupted attempt, none on a FIFO queue (it deduplicates within 5 minutes).
/// </summary>
internal sealed class SqsFaultTarget(EmulatorFixture emulator, string queue, bool fifo, int stepRecords) : FaultTarget
{
    public static async Task<FaultTarget> CreateAsync(EmulatorFixture emulator, bool fifo, int stepRecords) =>
        new SqsFaultTarget(emulator, await emulator.CreateQueueAsync(fifo), fifo, stepRecords);

    public override string[] Arguments => ["--destination", SqsSinkFactory.Name];

    public override (string Name, string Value)[] Settings => [("SQS_CORE_QUEUE", queue)];

    public override async Task<string?> CheckAsync(string runId, HashSet<long> valid, int interrupted, string context)
    {
        List<Message> messages = await QueueDrain.AllAsync(emulator.Sqs, queue);
        context = $"{messages.Count} messages; {context}";
        var indexes = new List<long>();
        foreach (Message message in messages)
        {
            long index = long.Parse(message.MessageAttributes[SqsMessageAttributes.RecordIndex].StringValue, CultureInfo.InvariantCulture);
            string? identity = message.MessageAttributes.GetValueOrDefault(SqsMessageAttributes.Identity)?.StringValue;
            if (identity != $"{runId}:{index}")
            {
                return $"record {index} arrived with identity '{identity}', not '{runId}:{index}' ({context})";
            }

            indexes.Add(index);
        }

        var tally = RecordTally.Of(valid, indexes);
        if (tally.NotAllValid() is { } failure)
        {
            return $"{failure} ({context})";
        }

        if (fifo && tally.Duplicated.Length > 0)
        {
            return $"the FIFO queue holds {tally.Duplicated.Length} duplicates within its deduplication interval, first {tally.Duplicated[0]} ({context})";
        }

        int windows = StepWindows.Cover(tally.Duplicated, stepRecords);
        return windows > interrupted
            ? $"{tally.Duplicated.Length} duplicated records need {windows} windows of one step ({stepRecords} records), more than the {interrupted} interrupted attempts ({context})"
            : null;
    }
}

/// <summary>
/// A mock cluster of its own, failing a seeded share of Produce, AddPartitionsToTxn and EndTxn requests (its own, so
/// trials side by side neither take nor clear each other's faults): read_committed holds every valid record once.
/// </summary>
internal sealed class KafkaFaultTarget : FaultTarget
{
    private readonly MockKafkaCluster _cluster = MockKafkaCluster.Start();
    private readonly MockClusterFaults _faults;
    private readonly string _topic = $"orders-{Guid.NewGuid():N}";

    public KafkaFaultTarget(int seed)
    {
        _cluster.CreateTopic(_topic, partitions: 4);
        _faults = MockClusterFaults.Inject(_cluster, seed, share: 0.2);
    }

    public override string[] Arguments => ["--destination", KafkaSinkFactory.Name];

    public override (string Name, string Value)[] Settings => StepRun.Kafka(_cluster, _topic);

    public override string ToString() => $"{base.ToString()}, {_faults}";

    public override Task<string?> CheckAsync(string runId, HashSet<long> valid, int interrupted, string context)
    {
        _faults.Dispose();
        string? failure = RecordTally.Of(valid, StepRun.KafkaIndexes(_cluster, _topic)).NotExactlyOnce();
        return Task.FromResult(failure is null ? null : $"read_committed: {failure} ({context})");
    }

    public override void Dispose()
    {
        _faults.Dispose();
        _cluster.Dispose();
    }
}

/// <summary>A local <c>--out</c> folder of its own: its output folder holds every valid record once.</summary>
internal sealed class FileFaultTarget(string outRoot) : FaultTarget
{
    public override string[] Arguments => ["--destination", LocalSinkFactory.File, "--out", outRoot];

    public override (string Name, string Value)[] Settings => [];

    public override Task<string?> CheckAsync(string runId, HashSet<long> valid, int interrupted, string context)
    {
        string? failure = RecordTally.Of(valid, OutputParts.RecordIndexes(Path.Combine(outRoot, "runs", runId, "output"))).NotExactlyOnce();
        return Task.FromResult(failure is null ? null : $"output folder: {failure} ({context})");
    }
}
