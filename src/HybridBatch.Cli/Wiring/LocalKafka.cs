using System.Globalization;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Aggregation;
using HybridBatch.MockKafka;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Wiring;

/// <summary>
/// <c>--destination kafka</c> with no <c>KAFKA_BROKERS</c>: a Kafka cluster inside this process (librdkafka's
/// mock brokers speak the real protocol on 127.0.0.1, so worker processes reach it too). After the run the topic
/// is read back with read_committed and the count is compared with what the report says was published.
/// </summary>
internal sealed class LocalKafka : IDisposable
{
    private const string DefaultTopic = "hybridbatch-records";

    // The mock keeps about 5 MiB per partition; many partitions keep a demo-sized run readable.
    private const int Partitions = 128;

    private readonly MockKafkaCluster _cluster;
    private readonly string _topic;

    private LocalKafka(MockKafkaCluster cluster, string topic)
    {
        _cluster = cluster;
        _topic = topic;
    }

    /// <summary>Starts a local cluster when the destination is Kafka and no brokers are configured.</summary>
    public static (LocalKafka? Kafka, Func<string, string?> Environment) StartIfNeeded(string destination, Func<string, string?> environment, TextWriter log)
    {
        var settings = new SettingsReader(environment);
        if (destination != KafkaSinkFactory.Name || settings.Text(KafkaSettings.BrokersVariable) is not null)
        {
            return (null, environment);
        }

        string topic = settings.Text(KafkaSettings.TopicVariable) ?? DefaultTopic;
        string? library = settings.Text(KafkaSettings.LibrdkafkaVariable);
        MockKafkaCluster cluster = MockKafkaCluster.Start(librdkafkaPath: library);
        cluster.CreateTopic(topic, Partitions);
        log.WriteLine($"KAFKA_BROKERS is not set: started a local Kafka cluster at {cluster.BootstrapServers}, topic '{topic}' ({Partitions} partitions), {KafkaSinkFactory.LibrdkafkaDescription()}");
        var kafka = new LocalKafka(cluster, topic);
        return (kafka, name => name switch
        {
            KafkaSettings.BrokersVariable => cluster.BootstrapServers,
            KafkaSettings.TopicVariable => topic,
            // Its workers' recovery reads the control topic the way the mock needs (see KafkaSettings.MockCluster).
            KafkaSettings.MockClusterVariable => "true",
            _ => environment(name),
        });
    }

    /// <summary>Reads the topic back and says whether it holds exactly what was published.</summary>
    public bool Verify(RunReport report, TextWriter output)
    {
        IReadOnlyList<ConsumedMessage> messages = _cluster.ReadBack(_topic, TimeSpan.FromMinutes(5), readCommitted: true);
        long distinct = messages.Select(m => (m.Headers.GetValueOrDefault("runId"), m.Headers.GetValueOrDefault("recordIndex"))).Distinct().LongCount();
        // This cluster lives for one run: it holds what this run published, not chunks reused from an earlier run.
        bool match = messages.Count == report.PublishedNow && distinct == messages.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Kafka read-back (read_committed, topic '{_topic}'): found {messages.Count:N0} records ({distinct:N0} distinct), published {report.PublishedNow:N0}: {(match ? "match" : "MISMATCH")}"));
        return match;
    }

    public void Dispose() => _cluster.Dispose();
}
