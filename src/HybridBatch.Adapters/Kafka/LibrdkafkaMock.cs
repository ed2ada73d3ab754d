using System.Runtime.InteropServices;
using System.Text;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The few librdkafka C functions the mock cluster needs that Confluent.Kafka does not expose. They are bound
/// to the very copy of librdkafka Confluent.Kafka loaded: a second copy would have its own globals, and a
/// cluster pointer from one copy must not be handed to the other.
/// </summary>
internal static unsafe class LibrdkafkaMock
{
    private const int ProducerType = 0;
    private const int ErrorTextBytes = 512;

    private static readonly nint s_library = LoadConfluentsCopy();

    private static readonly delegate* unmanaged[Cdecl]<nint> s_confNew =
        (delegate* unmanaged[Cdecl]<nint>)Export("rd_kafka_conf_new");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int> s_confSet =
        (delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int>)Export("rd_kafka_conf_set");

    private static readonly delegate* unmanaged[Cdecl]<nint, void> s_confDestroy =
        (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_conf_destroy");

    private static readonly delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint> s_new =
        (delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint>)Export("rd_kafka_new");

    private static readonly delegate* unmanaged[Cdecl]<nint, void> s_destroy =
        (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_destroy");

    private static readonly delegate* unmanaged[Cdecl]<nint, nint> s_handleMockCluster =
        (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_handle_mock_cluster");

    private static readonly delegate* unmanaged[Cdecl]<nint, nint> s_bootstraps =
        (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_mock_cluster_bootstraps");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, int, int, int> s_topicCreate =
        (delegate* unmanaged[Cdecl]<nint, byte*, int, int, int>)Export("rd_kafka_mock_topic_create");

    private static readonly delegate* unmanaged[Cdecl]<nint, short, nuint, int*, void> s_pushRequestErrors =
        (delegate* unmanaged[Cdecl]<nint, short, nuint, int*, void>)Export("rd_kafka_mock_push_request_errors_array");

    private static readonly delegate* unmanaged[Cdecl]<nint, int, int> s_brokerSetDown =
        (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_mock_broker_set_down");

    private static readonly delegate* unmanaged[Cdecl]<nint, int, int> s_brokerSetUp =
        (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_mock_broker_set_up");

    /// <summary>Creates a client handle whose configuration starts a mock cluster; returns the handle.</summary>
    public static nint NewClientWithMockCluster(IReadOnlyDictionary<string, string> config)
    {
        nint conf = s_confNew();
        byte* error = stackalloc byte[ErrorTextBytes];
        foreach ((string name, string value) in config)
        {
            fixed (byte* namePtr = Utf8(name))
            fixed (byte* valuePtr = Utf8(value))
            {
                if (s_confSet(conf, namePtr, valuePtr, error, ErrorTextBytes) != 0)
                {
                    s_confDestroy(conf);
                    throw new InvalidOperationException($"librdkafka rejected {name}={value}: {Text(error)}");
                }
            }
        }

        // On success rd_kafka_new owns the configuration; on failure it stays ours.
        nint handle = s_new(ProducerType, conf, error, ErrorTextBytes);
        if (handle == 0)
        {
            s_confDestroy(conf);
            throw new InvalidOperationException($"librdkafka could not start the mock cluster: {Text(error)}");
        }

        return handle;
    }

    public static void Destroy(nint handle) => s_destroy(handle);

    public static nint MockCluster(nint handle) => s_handleMockCluster(handle);

    public static string Bootstraps(nint cluster) =>
        Marshal.PtrToStringUTF8(s_bootstraps(cluster)) ?? throw new InvalidOperationException("the mock cluster has no bootstrap servers");

    public static int CreateTopic(nint cluster, string topic, int partitions, int replicationFactor)
    {
        fixed (byte* topicPtr = Utf8(topic))
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

    public static int SetBrokerDown(nint cluster, int brokerId) => s_brokerSetDown(cluster, brokerId);

    public static int SetBrokerUp(nint cluster, int brokerId) => s_brokerSetUp(cluster, brokerId);

    private static byte[] Utf8(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static string Text(byte* error) => Marshal.PtrToStringUTF8((nint)error) ?? "";

    private static nint Export(string name) => NativeLibrary.GetExport(s_library, name);

    private static nint LoadConfluentsCopy()
    {
        // Loading is idempotent: this makes Confluent.Kafka pick its copy (it prefers a build whose
        // dependencies this machine has, e.g. centos8-librdkafka.so on Debian) if nothing created a client yet.
        Confluent.Kafka.Library.Load();
        string? path = OperatingSystem.IsLinux() ? LoadedPathFromProcessMaps() : null;
        if (path is not null)
        {
            // dlopen of a path that is already loaded returns the same library, not a second copy.
            return NativeLibrary.Load(path);
        }

        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        string file = OperatingSystem.IsWindows() ? "librdkafka.dll" : OperatingSystem.IsMacOS() ? "librdkafka.dylib" : "librdkafka.so";
        return NativeLibrary.Load(Path.Combine(native, file));
    }

    private static string? LoadedPathFromProcessMaps()
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.AsSpan(slash).Contains("librdkafka", StringComparison.Ordinal))
            {
                return line[slash..].Trim();
            }
        }

        return null;
    }
}
