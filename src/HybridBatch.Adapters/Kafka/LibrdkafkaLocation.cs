using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Which librdkafka build the producer binds to: by default Confluent.Kafka's bundled copy, or the one
/// <c>KAFKA_LIBRDKAFKA</c> names (e.g. the distribution's, which kcat uses). A process binds once: the producer's entry
/// points are resolved on first use, so a second, different choice afterwards is refused rather than ignored.
/// </summary>
internal static class LibrdkafkaLocation
{
    private static readonly Lock s_lock = new();
    private static string? s_path;
    private static nint s_handle;
    private static bool s_bound;

    /// <summary>Loads <paramref name="path"/> (null: the bundled copy) for the producer; call before the first producer.</summary>
    public static void Choose(string? path)
    {
        lock (s_lock)
        {
            if (path == s_path)
            {
                return;
            }

            if (s_bound)
            {
                throw new ArgumentException(
                    $"{KafkaSettings.LibrdkafkaVariable} is '{path}', but this process already publishes with librdkafka from '{s_path ?? "the bundled copy"}'",
                    KafkaSettings.LibrdkafkaVariable);
            }

            nint handle = 0;
            if (path is not null && !(NativeLibrary.TryLoad(path, out handle) && NativeLibrary.TryGetExport(handle, "rd_kafka_produceva", out _)))
            {
                throw new ArgumentException($"{KafkaSettings.LibrdkafkaVariable} '{path}' cannot be loaded as a librdkafka with rd_kafka_produceva", KafkaSettings.LibrdkafkaVariable);
            }

            s_path = path;
            s_handle = handle;
        }
    }

    /// <summary>The chosen library's handle, or 0 for the bundled copy; from now on the choice is fixed.</summary>
    public static (nint Handle, string? Path) Bind()
    {
        lock (s_lock)
        {
            s_bound = true;
            return (s_handle, s_path);
        }
    }
}
