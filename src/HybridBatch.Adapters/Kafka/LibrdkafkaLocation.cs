namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Which librdkafka build the producer binds to: by default Confluent.Kafka's bundled copy, or the one
/// <c>KAFKA_LIBRDKAFKA</c> names (e.g. the distribution's, which kcat uses). A process binds once: the producer's entry
/// points are resolved on first use, so a second, different choice afterwards is refused rather than ignored.
/// </summary>
internal static class LibrdkafkaLocation
{
    private const string BundledCopy = "the bundled copy";
    private static readonly Lock s_lock = new();
    private static string? s_path;
    private static LibrdkafkaBinding? s_binding;
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

            // Loaded and version-checked first, so a wrong file is reported with the setting that named it.
            LibrdkafkaBinding? binding;
            try
            {
                binding = path is null ? null : LibrdkafkaBinding.Load(path);

                // The producer's central call: a build without it fails here rather than at the first message.
                binding?.Export("rd_kafka_produceva");
            }
            catch (LibrdkafkaBindingException failure)
            {
                throw new LibrdkafkaBindingException(failure.LibraryPath, failure.Export, $"{KafkaSettings.LibrdkafkaVariable}: {failure.Message}", failure);
            }

            if (s_bound)
            {
                // The deployment's setting disagrees with the build already bound: a configuration fault (exit 2), not
                // a wrong input, and a retry in this process would meet the same binding.
                throw new LibrdkafkaBindingException(path ?? BundledCopy, null,
                    $"{KafkaSettings.LibrdkafkaVariable} is '{path ?? "unset"}', but this process already publishes with librdkafka from '{s_path ?? BundledCopy}'");
            }

            s_path = path;
            s_binding = binding;
        }
    }

    /// <summary>The chosen library, or null for the bundled copy; from now on the choice is fixed.</summary>
    public static LibrdkafkaBinding? Bind()
    {
        lock (s_lock)
        {
            s_bound = true;
            return s_binding;
        }
    }
}
