using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The few librdkafka C functions the mock cluster needs that Confluent.Kafka does not expose, bound like
/// <see cref="Librdkafka"/> to the very copy Confluent.Kafka loaded: a cluster pointer from one copy must not be
/// handed to another.
/// </summary>
internal static unsafe class LibrdkafkaMock
{
    private static readonly delegate* unmanaged[Cdecl]<nint, nint> s_handleMockCluster =
        (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_handle_mock_cluster");

    private static readonly delegate* unmanaged[Cdecl]<nint, nint> s_bootstraps =
        (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_mock_cluster_bootstraps");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, int, int, int> s_topicCreate =
        (delegate* unmanaged[Cdecl]<nint, byte*, int, int, int>)Export("rd_kafka_mock_topic_create");

    private static readonly delegate* unmanaged[Cdecl]<nint, short, nuint, int*, void> s_pushRequestErrors =
        (delegate* unmanaged[Cdecl]<nint, short, nuint, int*, void>)Export("rd_kafka_mock_push_request_errors_array");

    private static readonly delegate* unmanaged[Cdecl]<nint, short, void> s_clearRequestErrors =
        (delegate* unmanaged[Cdecl]<nint, short, void>)Export("rd_kafka_mock_clear_request_errors");

    private static readonly delegate* unmanaged[Cdecl]<nint, int, int> s_brokerSetDown =
        (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_mock_broker_set_down");

    private static readonly delegate* unmanaged[Cdecl]<nint, int, int> s_brokerSetUp =
        (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_mock_broker_set_up");

    /// <summary>Creates a client handle whose configuration starts a mock cluster; returns the handle.</summary>
    public static nint NewClientWithMockCluster(IReadOnlyDictionary<string, string> config) =>
        Librdkafka.NewClient(Librdkafka.ProducerType, Librdkafka.NewConf(config));

    public static void Destroy(nint handle) => Librdkafka.Destroy(handle);

    public static nint MockCluster(nint handle) => s_handleMockCluster(handle);

    public static string Bootstraps(nint cluster) =>
        Marshal.PtrToStringUTF8(s_bootstraps(cluster)) ?? throw new InvalidOperationException("the mock cluster has no bootstrap servers");

    public static int CreateTopic(nint cluster, string topic, int partitions, int replicationFactor)
    {
        fixed (byte* topicPtr = Librdkafka.Utf8(topic))
        {
            return s_topicCreate(cluster, topicPtr, partitions, replicationFactor);
        }
    }

    public static void PushRequestErrors(nint cluster, short apiKey, ReadOnlySpan<int> errors)
    {
        fixed (int* errorsPtr = errors)
        {
            s_pushRequestErrors(cluster, apiKey, (nuint)errors.Length, errorsPtr);
        }
    }

    public static void ClearRequestErrors(nint cluster, short apiKey) => s_clearRequestErrors(cluster, apiKey);

    public static int SetBrokerDown(nint cluster, int brokerId) => s_brokerSetDown(cluster, brokerId);

    public static int SetBrokerUp(nint cluster, int brokerId) => s_brokerSetUp(cluster, brokerId);

    private static nint Export(string name) => Librdkafka.Export(name);
}
