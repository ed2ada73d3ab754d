using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// An <c>rd_kafka_topic_t*</c>, destroyed with <c>rd_kafka_topic_destroy</c>. It holds a reference on its client
/// from creation to destroy (as Confluent.Kafka's topic handle does), so the client's <c>rd_kafka_destroy</c>, which
/// must come after every topic's, waits for it whatever order the two are disposed in.
/// </summary>
internal sealed class KafkaTopicSafeHandle : SafeHandle
{
    private readonly KafkaClientSafeHandle _client;

    private KafkaTopicSafeHandle(KafkaClientSafeHandle client)
        : base(0, ownsHandle: true)
    {
        _client = client;
    }

    public override bool IsInvalid => handle == 0;

    public string Name { get; private set; } = "";

    /// <summary>Creates the topic handle of <paramref name="name"/> on <paramref name="client"/>.</summary>
    public static KafkaTopicSafeHandle Create(KafkaClientSafeHandle client, string name)
    {
        var topic = new KafkaTopicSafeHandle(client) { Name = name };
        bool added = false;
        client.DangerousAddRef(ref added);
        try
        {
            topic.SetHandle(Librdkafka.TopicNew(client.DangerousGetHandle(), name));
            return topic;
        }
        catch
        {
            client.DangerousRelease();
            topic.SetHandleAsInvalid();
            throw;
        }
    }

    public NativeLease Lease() => new(this);

    protected override bool ReleaseHandle()
    {
        Librdkafka.TopicDestroy(handle);
        _client.DangerousRelease();
        return true;
    }
}
