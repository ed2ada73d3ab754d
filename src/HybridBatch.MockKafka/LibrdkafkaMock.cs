using System.Runtime.InteropServices;
using HybridBatch.Adapters.Kafka;

namespace HybridBatch.MockKafka;

/// <summary>
/// The few librdkafka C functions the mock cluster needs that Confluent.Kafka does not expose, bound like
/// <see cref="Librdkafka"/> (lazily, to the same copy): a cluster pointer from one copy must not be handed to another.
/// The cluster pointer is borrowed from its client, so callers pass it only under a lease of that client.
/// </summary>
internal static unsafe class LibrdkafkaMock
{
    private static nint s_handleMockCluster;
    private static nint s_bootstraps;
    private static nint s_topicCreate;
    private static nint s_pushRequestErrors;
    private static nint s_clearRequestErrors;
    private static nint s_brokerSetDown;
    private static nint s_brokerSetUp;

    /// <summary>Creates a client whose configuration starts a mock cluster.</summary>
    public static KafkaClientSafeHandle NewClientWithMockCluster(IReadOnlyDictionary<string, string> config)
    {
        using KafkaConfSafeHandle conf = Librdkafka.NewConf(config);
        return Librdkafka.NewClient(Librdkafka.ProducerType, conf);
    }

    public static nint MockCluster(nint client) =>
        ((delegate* unmanaged[Cdecl]<nint, nint>)Librdkafka.Fn(ref s_handleMockCluster, "rd_kafka_handle_mock_cluster"))(client);

    public static string Bootstraps(nint cluster) =>
        Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint, nint>)Librdkafka.Fn(ref s_bootstraps, "rd_kafka_mock_cluster_bootstraps"))(cluster))
        ?? throw new InvalidOperationException("the mock cluster has no bootstrap servers");

    public static int CreateTopic(nint cluster, string topic, int partitions, int replicationFactor)
    {
        var create = (delegate* unmanaged[Cdecl]<nint, byte*, int, int, int>)Librdkafka.Fn(ref s_topicCreate, "rd_kafka_mock_topic_create");
        fixed (byte* topicPtr = Librdkafka.Utf8(topic))
        {
            return create(cluster, topicPtr, partitions, replicationFactor);
        }
    }

    public static void PushRequestErrors(nint cluster, short apiKey, ReadOnlySpan<int> errors)
    {
        var push = (delegate* unmanaged[Cdecl]<nint, short, nuint, int*, void>)Librdkafka.Fn(ref s_pushRequestErrors, "rd_kafka_mock_push_request_errors_array");
        fixed (int* errorsPtr = errors)
        {
            push(cluster, apiKey, (nuint)errors.Length, errorsPtr);
        }
    }

    public static void ClearRequestErrors(nint cluster, short apiKey) =>
        ((delegate* unmanaged[Cdecl]<nint, short, void>)Librdkafka.Fn(ref s_clearRequestErrors, "rd_kafka_mock_clear_request_errors"))(cluster, apiKey);

    public static int SetBrokerDown(nint cluster, int brokerId) =>
        ((delegate* unmanaged[Cdecl]<nint, int, int>)Librdkafka.Fn(ref s_brokerSetDown, "rd_kafka_mock_broker_set_down"))(cluster, brokerId);

    public static int SetBrokerUp(nint cluster, int brokerId) =>
        ((delegate* unmanaged[Cdecl]<nint, int, int>)Librdkafka.Fn(ref s_brokerSetUp, "rd_kafka_mock_broker_set_up"))(cluster, brokerId);
}
