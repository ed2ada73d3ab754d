using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.MockKafka;

namespace HybridBatch.Bench;

/// <summary>
/// Publishing to Kafka next to kcat (librdkafka's own CLI) on the same records and the same in-process mock
/// cluster: our whole process step (read, validate, build, produce in a transaction, commit) against kcat
/// producing the prepared key/value lines with the same acks, idempotence, compression and linger.
/// </summary>
public sealed class KafkaBench : IDisposable
{
    /// <summary>What kcat is given, as the bench reports it.</summary>
    public const string KcatSettings = "same records and mock cluster, acks=all, idempotent, lz4, linger 5 ms";

    private const int Partitions = 16;
    // The cluster binds the process's librdkafka: the build KAFKA_LIBRDKAFKA names, if any, hosts it and publishes.
    private readonly MockKafkaCluster _cluster = MockKafkaCluster.Start(
        librdkafkaPath: Environment.GetEnvironmentVariable(KafkaSettings.LibrdkafkaVariable) is { Length: > 0 } path ? path : null);

    public async Task<double> HybridBatchAsync(string file, RecordSchema schema, SplitOutcome outcome, CancellationToken cancellationToken)
    {
        string topic = NewTopic();
        using var sinks = new KafkaSinkFactory(Settings(topic));
        ChunkPlanEntry chunk = outcome.Chunks.Single();
        var processor = new ChunkProcessor(EngineBench.PlanFor(file, schema, outcome), schema, new ProcessOptions());
        var clock = Stopwatch.StartNew();
        await using (IRecordSink sink = await sinks.CreateAsync(new ChunkContext("bench", 0, file, 1), cancellationToken).ConfigureAwait(false))
        await using (FileStream stream = File.OpenRead(file))
        {
            ChunkCounts counts = await processor.ProcessAsync(chunk, stream, sink, null, cancellationToken).ConfigureAwait(false);
            return counts.Published / clock.Elapsed.TotalSeconds;
        }
    }

    /// <summary>
    /// Publishing alone: the same records, validated and laid out as message batches beforehand, handed to the
    /// Kafka sink and committed. Messages/s, and how long the chunk's start took (producer, connection, transaction).
    /// </summary>
    public async Task<(double MessagesPerSecond, TimeSpan ChunkStart)> PublishOnlyAsync(string file, CancellationToken cancellationToken)
    {
        var batches = new List<MessageBatch>();
        var batch = new MessageBatch(capacityMessages: 2_000);
        long index = 0;
        foreach (string line in File.ReadLines(file))
        {
            if (batch.IsFull)
            {
                batches.Add(batch);
                batch = new MessageBatch(capacityMessages: 2_000);
            }

            batch.Add(Encoding.UTF8.GetBytes($"bench:{index}"), Encoding.UTF8.GetBytes(line), index);
            index++;
        }

        batches.Add(batch);
        string topic = NewTopic();
        using var sinks = new KafkaSinkFactory(Settings(topic));

        // Preparing the batches allocated a few hundred MB; collecting now keeps that garbage from being collected
        // (on the cores the publisher needs) inside the timed part.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        var clock = Stopwatch.StartNew();
        TimeSpan start;
        await using (IRecordSink sink = await sinks.CreateAsync(new ChunkContext("bench", 0, file, 1), cancellationToken).ConfigureAwait(false))
        {
            start = clock.Elapsed;
            foreach (MessageBatch prepared in batches)
            {
                await sink.WriteAsync(prepared, cancellationToken).ConfigureAwait(false);
            }

            // One step for the whole file: publishing alone, next to kcat, which has no steps either.
            var reached = new ChunkCheckpoint { RunId = "bench", ChunkId = 0, Step = 1, NextIndex = index, ByteOffset = 0, NextLine = index + 1, Records = index, Published = index, Skipped = 0 };
            await sink.CommitStepAsync(reached, cancellationToken).ConfigureAwait(false);
        }

        return (index / clock.Elapsed.TotalSeconds, start);
    }

    /// <summary>
    /// The records as kcat reads them, "key&lt;TAB&gt;value" lines with the keys the sink is given (JSON Lines records
    /// never hold a raw tab). Written once, outside every timed run.
    /// </summary>
    public static async Task<KcatInput> WriteKcatInputAsync(string file, string folder, CancellationToken cancellationToken)
    {
        string lines = Path.Combine(folder, "kcat-input.txt");
        long count = 0;
        await using (var writer = new StreamWriter(lines, false, new UTF8Encoding(false)))
        {
            foreach (string line in File.ReadLines(file))
            {
                await writer.WriteAsync($"bench:{count++}\t{line}\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        return new KcatInput(lines, count, file);
    }

    /// <summary>
    /// kcat's rate on the same records (<see cref="KcatSettings"/>), or null with the reason when it failed (call
    /// <see cref="EnsureKcatAsync"/> first). With <paramref name="librdkafka"/> (a <see cref="KcatLibrary"/>) kcat runs
    /// on that librdkafka build instead of the one it was packaged with.
    /// </summary>
    public async Task<(double? MessagesPerSecond, string? Error)> KcatAsync(KcatInput input, KcatLibrary? librdkafka, KcatHeaders headers, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = KcatStart(librdkafka, KcatArguments(_cluster.BootstrapServers, NewTopic(), input, headers));
        var clock = Stopwatch.StartNew();
        var ran = await ToolRun.RunAsync(start, cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        return ran switch
        {
            null => (null, "kcat could not be started"),
            (0, _, _) => (input.Count / seconds, null),
            (_, _, string errors) => (null, $"kcat failed: {errors.Trim()}"),
        };
    }

    /// <summary>
    /// kcat's producer arguments: the sink's acks, idempotence, compression and linger, keys from the input's lines, and
    /// the headers <paramref name="headers"/> asks for, in the sink's order. kcat cannot vary a header per message, so
    /// its <c>recordIndex</c> is the last record's index: a value as wide as the widest one the sink sends.
    /// </summary>
    public static string[] KcatArguments(string bootstrapServers, string topic, KcatInput input, KcatHeaders headers)
    {
        string[] recordIndex = headers == KcatHeaders.SameThree ? ["-H", $"recordIndex={Math.Max(0, input.Count - 1)}"] : [];
        return
        [
            "-P", "-b", bootstrapServers, "-t", topic, "-K", "\t", "-z", "lz4",
            "-X", "linger.ms=5", "-X", "acks=all", "-X", "enable.idempotence=true",
            "-H", "runId=bench", .. recordIndex, "-H", $"source={input.Source}", "-l", input.Path,
        ];
    }

    public void Dispose() => _cluster.Dispose();

    // The production defaults (KafkaSettings), pointed at the local cluster; KAFKA_LIBRDKAFKA may pick the build.
    private KafkaSettings Settings(string topic) => KafkaSettings.FromEnvironment(name => name switch
    {
        KafkaSettings.BrokersVariable => _cluster.BootstrapServers,
        KafkaSettings.TopicVariable => topic,
        KafkaSettings.LibrdkafkaVariable => Environment.GetEnvironmentVariable(name),
        KafkaSettings.MockClusterVariable => "true",
        _ => null,
    }) with { MockClusterMarkers = TransactionMarkerReader.HiddenRanges };

    private string NewTopic()
    {
        string topic = $"bench-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, Partitions);
        return topic;
    }

    /// <summary>The librdkafka version kcat reports (<c>kcat -V</c>) when run on <paramref name="librdkafka"/> (null: its own), or null.</summary>
    public static async Task<string?> KcatLibrdkafkaAsync(KcatLibrary? librdkafka, CancellationToken cancellationToken)
    {
        if (await ToolRun.RunAsync(KcatStart(librdkafka, "-V"), cancellationToken).ConfigureAwait(false) is not var (_, output, errors))
        {
            return null;
        }

        Match version = Regex.Match(output + errors, @"librdkafka ([0-9][0-9.]*)");
        return version.Success ? version.Groups[1].Value : null;
    }

    private static ProcessStartInfo KcatStart(KcatLibrary? librdkafka, params string[] arguments)
    {
        ProcessStartInfo start = ToolRun.Start("kcat", arguments);
        if (librdkafka is not null)
        {
            start.Environment["LD_LIBRARY_PATH"] = librdkafka.Folder;
        }

        return start;
    }

    /// <summary>Whether kcat runs; kcat comes from Debian's packages and is installed when missing and this process may.</summary>
    public static async Task<bool> EnsureKcatAsync(CancellationToken cancellationToken)
    {
        if (await RunsAsync("kcat", ["-V"], cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return Environment.UserName == "root"
            && await RunsAsync("apt-get", ["update", "-qq"], cancellationToken).ConfigureAwait(false)
            && await RunsAsync("apt-get", ["install", "-y", "-qq", "kcat"], cancellationToken).ConfigureAwait(false)
            && await RunsAsync("kcat", ["-V"], cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> RunsAsync(string fileName, string[] arguments, CancellationToken cancellationToken) =>
        await ToolRun.RunAsync(ToolRun.Start(fileName, arguments), cancellationToken).ConfigureAwait(false) is (0, _, _);
}

/// <summary>The headers kcat sends with each message.</summary>
public enum KcatHeaders
{
    /// <summary>The sink's three, <c>runId</c>, <c>recordIndex</c> (one fixed value) and <c>source</c>: messages of the sink's size.</summary>
    SameThree,

    /// <summary>Only the two that are fixed in the sink as well, <c>runId</c> and <c>source</c>: kcat's lightest like run.</summary>
    FixedTwo,
}

/// <summary>kcat's input file, how many records it holds, and the source they came from (kcat's <c>source</c> header).</summary>
public sealed record KcatInput(string Path, long Count, string Source);
