using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>
/// The librdkafka objects as SafeHandles: disposing twice is harmless, a call after dispose is a managed
/// <see cref="ObjectDisposedException"/> (never a call into a destroyed client), and a topic keeps its client alive.
/// The clients point at a closed port: nothing here needs a broker.
/// </summary>
public sealed class KafkaNativeHandleTests
{
    private static readonly Dictionary<string, string> s_offline = new()
    {
        ["bootstrap.servers"] = "127.0.0.1:1",
        ["log_level"] = "0",
    };

    [Fact]
    public void A_client_disposed_twice_is_destroyed_once_and_refuses_leases()
    {
        KafkaClientSafeHandle client = NewClient();

        client.Dispose();
        client.Dispose();

        Assert.True(client.NativeDestroyed);
        Assert.Throws<ObjectDisposedException>(() => { using NativeLease lease = client.Lease(); });
    }

    [Fact]
    public void A_topic_keeps_its_client_until_the_topic_is_disposed()
    {
        KafkaClientSafeHandle client = NewClient();
        KafkaTopicSafeHandle topic = KafkaTopicSafeHandle.Create(client, "orders");

        client.Dispose();

        // rd_kafka_destroy must come after rd_kafka_topic_destroy: the client waits for its topic.
        Assert.False(client.NativeDestroyed);
        using (NativeLease lease = topic.Lease())
        {
            Assert.NotEqual(0, lease.Handle);
        }

        topic.Dispose();
        topic.Dispose();
        Assert.True(client.NativeDestroyed);
    }

    [Fact]
    public void A_lease_held_across_dispose_delays_the_destroy_to_its_end()
    {
        KafkaClientSafeHandle client = NewClient();
        NativeLease lease = client.Lease();
        try
        {
            client.Dispose();
            Assert.False(client.NativeDestroyed);
            // Still a live client: librdkafka answers through the leased pointer.
            Assert.True(Librdkafka.Poll(lease.Handle, 0) >= 0);
            Assert.True(Librdkafka.OutQueueLength(lease.Handle) >= 0);
        }
        finally
        {
            lease.Dispose();
        }

        Assert.True(client.NativeDestroyed);
    }

    [Fact]
    public void A_configuration_stays_the_callers_when_the_client_cannot_be_made()
    {
        // librdkafka refuses a transactional producer without idempotence in rd_kafka_new, not in rd_kafka_conf_set.
        using KafkaConfSafeHandle conf = Librdkafka.NewConf(new Dictionary<string, string>(s_offline)
        {
            ["transactional.id"] = "t",
            ["enable.idempotence"] = "false",
        });

        Assert.Throws<InvalidOperationException>(() => Librdkafka.NewClient(Librdkafka.ProducerType, conf));

        Assert.False(conf.IsInvalid);
        Assert.False(conf.IsClosed);
    }

    [Fact]
    public void A_configuration_given_to_a_client_is_not_destroyed_again()
    {
        KafkaConfSafeHandle conf = Librdkafka.NewConf(s_offline);
        using KafkaClientSafeHandle client = Librdkafka.NewClient(Librdkafka.ProducerType, conf);

        // Marked closed without a destroy: rd_kafka_destroy frees it with the client.
        Assert.True(conf.IsClosed);
        conf.Dispose();
    }

    [Fact]
    public void A_rejected_setting_is_named()
    {
        // No setting of ours gives this property: the librdkafka build is what cannot take it.
        var failure = Assert.Throws<ConfigurationException>(() => Librdkafka.NewConf(new Dictionary<string, string> { ["no.such.setting"] = "1" }));

        Assert.Equal(SettingNames.KafkaLibrdkafka, failure.Setting);
        Assert.Contains("no.such.setting", failure.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(failure));
    }

    [Fact]
    public void A_property_librdkafka_refuses_names_the_setting_it_came_from()
    {
        // Once an ArgumentException naming "linger.ms", which the failure taxonomy read as bad input (exit 3).
        var settings = new KafkaSettings
        {
            Brokers = "127.0.0.1:1", Topic = "orders", Transactions = false,
            LibrdkafkaOverrides = new Dictionary<string, string> { ["linger.ms"] = "soon" },
        };

        var failure = Assert.Throws<ConfigurationException>(() => KafkaProducerHandle.Create(settings, transactionalId: null));

        Assert.Equal(SettingNames.KafkaLingerMs, failure.Setting);
        Assert.StartsWith("KAFKA_LINGER_MS: librdkafka rejected the setting linger.ms", failure.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(failure));
    }

    [Fact]
    public void Settings_librdkafka_refuses_together_name_ours()
    {
        // Within KAFKA_LINGER_MS's range, but not below librdkafka's default message timeout (300,000 ms): rd_kafka_new
        // refuses the pair. Once an InvalidOperationException, an unexpected error (exit 1).
        var settings = new KafkaSettings { Brokers = "127.0.0.1:1", Topic = "orders", Transactions = false, LingerMs = 400_000 };

        var failure = Assert.Throws<ConfigurationException>(() => KafkaProducerHandle.Create(settings, transactionalId: null));

        Assert.Equal(SettingNames.KafkaLingerMs, failure.Setting);
        Assert.Contains("`linger.ms`", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_producer_used_after_dispose_fails_cleanly()
    {
        var settings = new KafkaSettings { Brokers = "127.0.0.1:1", Topic = "orders", Transactions = false };
        KafkaProducerHandle producer = KafkaProducerHandle.Create(settings, transactionalId: null);

        producer.Dispose();
        producer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => producer.Poll(TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => producer.FatalError);
        Assert.Throws<ObjectDisposedException>(() => producer.BeginTransaction());
        Assert.Throws<ObjectDisposedException>(() => producer.Flush(CancellationToken.None));
        Assert.Throws<ObjectDisposedException>(() => { using NativeLease topic = producer.Topic.Lease(); });
    }

    [Fact]
    public void A_transactions_error_becomes_an_exception_and_is_destroyed()
    {
        // A producer without transactional.id: rd_kafka_begin_transaction answers with an rd_kafka_error_t.
        var settings = new KafkaSettings { Brokers = "127.0.0.1:1", Topic = "orders", Transactions = false };
        using KafkaProducerHandle producer = KafkaProducerHandle.Create(settings, transactionalId: null);

        var failure = Assert.ThrowsAny<Confluent.Kafka.KafkaException>(() => producer.BeginTransaction());

        Assert.Equal(Confluent.Kafka.ErrorCode.Local_NotConfigured, failure.Error.Code);
    }

    private static KafkaClientSafeHandle NewClient()
    {
        using KafkaConfSafeHandle conf = Librdkafka.NewConf(s_offline);
        return Librdkafka.NewClient(Librdkafka.ProducerType, conf);
    }
}
