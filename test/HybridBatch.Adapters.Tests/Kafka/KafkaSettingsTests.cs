using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Settings;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Kafka;

public class KafkaSettingsTests
{
    private static readonly Dictionary<string, string> s_minimal = new()
    {
        ["KAFKA_BROKERS"] = "b-1.msk:9098,b-2.msk:9098",
        ["KAFKA_TOPIC"] = "orders",
    };

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        KafkaSettings settings = Read(s_minimal);
        settings.Validate();

        Assert.Equal(KafkaSecurity.Plaintext, settings.Security);
        Assert.Equal(CompressionType.Lz4, settings.Compression);
        Assert.Equal(5, settings.LingerMs);
        Assert.Equal(1024 * 1024, settings.BatchBytes);
        Assert.True(settings.Transactions);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.TransactionTimeout);
    }

    [Fact]
    public void Every_variable_is_read()
    {
        KafkaSettings settings = Read(new(s_minimal)
        {
            ["KAFKA_SECURITY"] = "SCRAM",
            ["KAFKA_USERNAME"] = "svc",
            ["KAFKA_PASSWORD"] = " secret ",
            ["KAFKA_COMPRESSION"] = "zstd",
            ["KAFKA_LINGER_MS"] = "20",
            ["KAFKA_BATCH_BYTES"] = "65536",
            ["KAFKA_TRANSACTIONS"] = "false",
            ["KAFKA_TRANSACTION_TIMEOUT_MS"] = "60000",
            ["KAFKA_LIBRDKAFKA"] = typeof(KafkaSettingsTests).Assembly.Location,
        });
        settings.Validate();

        Assert.Equal(KafkaSecurity.Scram, settings.Security);
        Assert.Equal(("svc", " secret "), (settings.Username, settings.Password));
        Assert.Equal(CompressionType.Zstd, settings.Compression);
        Assert.Equal((20, 65536, false), (settings.LingerMs, settings.BatchBytes, settings.Transactions));
        Assert.Equal(TimeSpan.FromMinutes(1), settings.TransactionTimeout);
        Assert.Equal(typeof(KafkaSettingsTests).Assembly.Location, settings.LibrdkafkaPath);
        Assert.DoesNotContain("secret", settings.ToString());
    }

    [Theory]
    [InlineData("KAFKA_BROKERS", null, "KAFKA_BROKERS is required")]
    [InlineData("KAFKA_BROKERS", "localhost", "KAFKA_BROKERS must be a comma-separated host:port list")]
    [InlineData("KAFKA_BROKERS", "a:9092,b:x", "got 'b:x'")]
    [InlineData("KAFKA_TOPIC", null, "KAFKA_TOPIC is required")]
    [InlineData("KAFKA_TOPIC", "orders/eu", "KAFKA_TOPIC must be")]
    [InlineData("KAFKA_SECURITY", "kerberos", "KAFKA_SECURITY must be plaintext, scram or iam, got 'kerberos'")]
    [InlineData("KAFKA_SECURITY", "scram", "KAFKA_USERNAME is required with KAFKA_SECURITY=scram")]
    [InlineData("KAFKA_SECURITY", "iam", "KAFKA_SECURITY is iam but no token provider was given")]
    [InlineData("KAFKA_USERNAME", "svc", "KAFKA_USERNAME is only used with KAFKA_SECURITY=scram")]
    [InlineData("KAFKA_COMPRESSION", "brotli", "KAFKA_COMPRESSION must be none, gzip, snappy, lz4 or zstd, got 'brotli'")]
    [InlineData("KAFKA_LINGER_MS", "soon", "KAFKA_LINGER_MS must be a whole number, got 'soon'")]
    [InlineData("KAFKA_LINGER_MS", "900001", "KAFKA_LINGER_MS must be between 0 and 900000")]
    [InlineData("KAFKA_BATCH_BYTES", "0", "KAFKA_BATCH_BYTES must be at least 1")]
    [InlineData("KAFKA_TRANSACTIONS", "yes", "KAFKA_TRANSACTIONS must be true or false, got 'yes'")]
    [InlineData("KAFKA_TRANSACTION_TIMEOUT_MS", "10", "KAFKA_TRANSACTION_TIMEOUT_MS must be between 1000")]
    [InlineData("KAFKA_LIBRDKAFKA", "/nowhere/librdkafka.so.1", "KAFKA_LIBRDKAFKA names no file: '/nowhere/librdkafka.so.1'")]
    public void A_bad_setting_is_named(string variable, string? value, string expected)
    {
        var environment = new Dictionary<string, string>(s_minimal);
        environment.Remove(variable);
        if (value is not null)
        {
            environment[variable] = value;
        }

        // A configuration failure (exit 2) whose setting is the one its message starts with; once an ArgumentException,
        // which the failure taxonomy reads as bad input (exit 3).
        var error = Assert.Throws<ConfigurationException>(() => Read(environment).Validate());

        Assert.Contains(expected, error.Message);
        Assert.StartsWith(error.Setting + " ", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(error));
    }

    [Fact]
    public void The_factory_refuses_invalid_settings()
    {
        var error = Assert.Throws<ConfigurationException>(() => new KafkaSinkFactory(new KafkaSettings { Brokers = "a:1" }));

        Assert.Equal("KAFKA_TOPIC", error.Setting);
    }

    [Fact]
    public void The_mock_cluster_setting_needs_the_marker_reader_that_only_local_runs_and_tests_have()
    {
        // bootstrap wires the sinks without the mock's marker reader (HybridBatch.MockKafka does not ship there).
        var environment = new Dictionary<string, string>(s_minimal) { ["KAFKA_MOCK_CLUSTER"] = "true" };

        var refused = Assert.Throws<ConfigurationException>(() => SinkFactories.Create("kafka", name => environment.GetValueOrDefault(name), outputFolder: null));
        using var accepted = (KafkaSinkFactory)SinkFactories.Create("kafka", name => environment.GetValueOrDefault(name), outputFolder: null, mockClusterMarkers: TransactionMarkerReader.HiddenRanges);

        Assert.Equal("KAFKA_MOCK_CLUSTER", refused.ParamName);
        Assert.True(accepted.Settings.MockCluster);
        Assert.NotNull(accepted.Settings.MockClusterMarkers);
    }

    [Fact]
    public void Producer_configuration_is_idempotent_with_acks_all_and_maps_security()
    {
        KafkaSettings scram = Read(new(s_minimal) { ["KAFKA_SECURITY"] = "scram", ["KAFKA_USERNAME"] = "u", ["KAFKA_PASSWORD"] = "p" });
        KafkaSettings iam = Read(s_minimal) with { Security = KafkaSecurity.Iam, TokenProvider = _ => Task.FromResult(("t", DateTimeOffset.UtcNow)) };

        IReadOnlyDictionary<string, string> plain = KafkaProducerHandle.Config(Read(s_minimal), "hybridbatch-r-1");
        IReadOnlyDictionary<string, string> scramConfig = KafkaProducerHandle.Config(scram, null);
        IReadOnlyDictionary<string, string> iamConfig = KafkaProducerHandle.Config(iam, null);

        Assert.Equal(("all", "true", "lz4", "5", "1048576"), (plain["acks"], plain["enable.idempotence"], plain["compression.type"], plain["linger.ms"], plain["batch.size"]));
        Assert.Equal(("hybridbatch-r-1", "900000"), (plain["transactional.id"], plain["transaction.timeout.ms"]));
        Assert.Equal("plaintext", plain["security.protocol"]);
        Assert.Equal(("sasl_ssl", "SCRAM-SHA-512", "u", "p"), (scramConfig["security.protocol"], scramConfig["sasl.mechanism"], scramConfig["sasl.username"], scramConfig["sasl.password"]));
        Assert.Equal(("sasl_ssl", "OAUTHBEARER"), (iamConfig["security.protocol"], iamConfig["sasl.mechanism"]));
        Assert.False(scramConfig.ContainsKey("transactional.id"));
    }

    private static KafkaSettings Read(Dictionary<string, string> environment) =>
        KafkaSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
}
