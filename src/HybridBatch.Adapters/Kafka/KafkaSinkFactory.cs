using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The <c>kafka</c> destination. "One producer per process" meets "one transaction per chunk" here: with
/// transactions (the default) each chunk gets a producer of its own, because a transactional id belongs to one
/// producer and the id must be the chunk's so that a retry fences the previous attempt; the producer is used for
/// that chunk only and disposed with its sink. A process works on one chunk at a time, so it still holds one
/// producer at a time. Without transactions every chunk shares one idempotent producer (Confluent's
/// KafkaClientHandle pattern), replaced only after a fatal error; it lives until this factory is disposed.
/// </summary>
public sealed class KafkaSinkFactory : IRecordSinkFactory, IDisposable
{
    public const string Name = "kafka";

    private readonly KafkaSettings _settings;
    private readonly ILog _log;
    private readonly object _gate = new();
    private readonly List<KafkaProducerHandle> _retired = [];
    private KafkaProducerHandle? _shared;
    private bool _disposed;

    /// <param name="settings">Validated here; an invalid setting throws an <see cref="ArgumentException"/> naming it.</param>
    /// <param name="log">Where the producers' errors, token refreshes and commit retries are logged; none if null.</param>
    public KafkaSinkFactory(KafkaSettings settings, ILog? log = null)
    {
        settings.Validate();
        _settings = settings;
        _log = log ?? NullLog.Instance;
    }

    public string Destination => Name;

    public KafkaSettings Settings => _settings;

    public ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            IRecordSink sink = _settings.Transactions
                ? KafkaSink.BeginTransaction(_settings, context, _log)
                : KafkaSink.OnSharedProducer(SharedProducer(), _settings, context, _log);
            return ValueTask.FromResult(sink);
        }
        catch (Exception failure)
        {
            return ValueTask.FromException<IRecordSink>(failure);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _shared?.Dispose();
            _shared = null;
            _retired.ForEach(handle => handle.Dispose());
            _retired.Clear();
        }
    }

    private KafkaProducerHandle SharedProducer()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_shared?.FatalError is not null)
            {
                // A fatal error ends a producer for good. Sinks still holding it fail on their own; it is disposed
                // with the factory rather than under their feet.
                _retired.Add(_shared);
                _shared = null;
            }

            return _shared ??= KafkaProducerHandle.Create(_settings, transactionalId: null, _log);
        }
    }

    /// <summary>The file of the librdkafka build producers of this process use.</summary>
    public static string LibrdkafkaFile() => Librdkafka.FilePath();

    /// <summary>The version of the librdkafka build producers of this process use, e.g. "2.16.0".</summary>
    public static string LibrdkafkaVersion() => Librdkafka.Version();

    /// <summary>The librdkafka build producers of this process use: its version and where it came from.</summary>
    public static string LibrdkafkaDescription()
    {
        string version = Librdkafka.Version();
        return $"librdkafka {version} ({LibrdkafkaLocation.Bind()?.Path ?? "bundled with Confluent.Kafka"})";
    }
}
