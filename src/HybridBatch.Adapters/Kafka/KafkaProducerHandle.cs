using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// One librdkafka producer (<c>rd_kafka_t*</c>) configured from <see cref="KafkaSettings"/>, created and owned through
/// the C API so that the sink can produce straight from a batch's memory (see <see cref="Librdkafka"/>).
/// Polling is manual: the sink polls after each batch and while the queue is full, so delivery reports arrive
/// on the thread that produces and no background thread competes for the cores.
/// </summary>
internal sealed class KafkaProducerHandle : IDisposable
{
    // MSK authenticates the signed token, not this name; librdkafka only requires one.
    private const string OAuthPrincipal = "hybridbatch";

    private readonly CancellationTokenSource _stopping = new();
    private readonly KafkaTokenProvider? _tokenProvider;

    // Held while the native handle is used from a thread other than the sink's (a token arriving late) and while it
    // is destroyed, so a token can never be handed to a destroyed producer.
    private readonly object _lifetime = new();

    // The configuration's opaque: how the token refresh callback finds this object. One per producer, not per message.
    private GCHandle _self;
    private nint _native;
    private nint _topic;
    private nint _controlTopic;
    private bool _disposed;

    private unsafe KafkaProducerHandle(KafkaSettings settings, string? transactionalId)
    {
        _tokenProvider = settings.TokenProvider;
        TransactionalId = transactionalId;
        nint conf = Librdkafka.NewConf(Config(settings, transactionalId));
        _self = GCHandle.Alloc(this);
        Librdkafka.ConfSetOpaque(conf, GCHandle.ToIntPtr(_self));
        Librdkafka.ConfSetDeliveryReportCallback(conf, (nint)(delegate* unmanaged[Cdecl]<nint, DeliveredMessage*, nint, void>)&DeliveryTally.OnDelivered);
        Librdkafka.ConfSetErrorCallback(conf, (nint)(delegate* unmanaged[Cdecl]<nint, int, byte*, nint, void>)&OnError);
        if (_tokenProvider is not null)
        {
            Librdkafka.ConfSetTokenRefreshCallback(conf, (nint)(delegate* unmanaged[Cdecl]<nint, byte*, nint, void>)&OnTokenRefresh);
        }

        try
        {
            _native = Librdkafka.NewClient(Librdkafka.ProducerType, conf);
            _topic = Librdkafka.NewTopic(_native, settings.Topic!);
            if (transactionalId is not null)
            {
                _controlTopic = Librdkafka.NewTopic(_native, settings.EffectiveControlTopic);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string? TransactionalId { get; }

    /// <summary>The fatal error the producer reported; it can publish nothing more.</summary>
    public Error? FatalError => Librdkafka.FatalError(Native);

    /// <summary>The topic handle every message of this producer goes to.</summary>
    public nint Topic => _topic;

    /// <summary>The control topic's handle (transactional producers only): where completion records go.</summary>
    public nint ControlTopic => _controlTopic != 0 ? _controlTopic : throw new InvalidOperationException("only a transactional producer writes completion records");

    private nint Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _native;
        }
    }

    public static KafkaProducerHandle Create(KafkaSettings settings, string? transactionalId)
    {
        settings.Validate();
        LibrdkafkaLocation.Choose(settings.LibrdkafkaPath);
        var handle = new KafkaProducerHandle(settings, transactionalId);

        // Serves the token request librdkafka queued at start-up, so the first connection can authenticate
        // even before the first batch is produced (InitTransactions needs it).
        handle.Poll(TimeSpan.Zero);
        return handle;
    }

    /// <summary>The librdkafka properties, separate so tests can check what each setting turns into.</summary>
    internal static IReadOnlyDictionary<string, string> Config(KafkaSettings settings, string? transactionalId)
    {
        var config = new Dictionary<string, string>
        {
            ["bootstrap.servers"] = settings.Brokers!,
            ["acks"] = "all",
            ["enable.idempotence"] = "true",
            ["compression.type"] = settings.Compression switch
            {
                CompressionType.None => "none",
                CompressionType.Gzip => "gzip",
                CompressionType.Snappy => "snappy",
                CompressionType.Lz4 => "lz4",
                CompressionType.Zstd => "zstd",
                _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Compression, "unknown compression"),
            },
            ["linger.ms"] = Number(settings.LingerMs),
            ["batch.size"] = Number(settings.BatchBytes),
            ["client.id"] = "hybridbatch",
        };
        if (transactionalId is not null)
        {
            config["transactional.id"] = transactionalId;
            config["transaction.timeout.ms"] = Number(Librdkafka.Milliseconds(settings.TransactionTimeout));
        }

        string sasl = settings.SaslWithoutTls ? "sasl_plaintext" : "sasl_ssl";
        switch (settings.Security)
        {
            case KafkaSecurity.Scram:
                config["security.protocol"] = sasl;
                config["sasl.mechanism"] = "SCRAM-SHA-512";
                config["sasl.username"] = settings.Username!;
                config["sasl.password"] = settings.Password!;
                break;
            case KafkaSecurity.Iam:
                config["security.protocol"] = sasl;
                config["sasl.mechanism"] = "OAUTHBEARER";
                break;
            default:
                config["security.protocol"] = "plaintext";
                break;
        }

        if (config["security.protocol"] == "sasl_ssl")
        {
            // The bundled librdkafka links its own OpenSSL, whose built-in CA path need not exist on this OS
            // (Amazon Linux, Debian): look for the system's CA bundle instead.
            config["ssl.ca.location"] = "probe";
        }

        foreach ((string name, string value) in settings.LibrdkafkaOverrides ?? new Dictionary<string, string>())
        {
            config[name] = value;
        }

        return config;
    }

    /// <summary>Queues one message; returns null, or an <c>rd_kafka_error_t*</c> the caller must take or destroy.</summary>
    public unsafe nint Produce(ProduceArg* args, int count) => Librdkafka.Produceva(Native, args, (nuint)count);

    /// <summary>Serves delivery reports (and token requests) that are ready, waiting up to <paramref name="timeout"/>.</summary>
    public unsafe void Poll(TimeSpan timeout) => Librdkafka.Poll(Native, Librdkafka.Milliseconds(timeout));

    /// <summary>Waits until every queued message has been delivered or failed and its report served.</summary>
    public unsafe void Flush(CancellationToken cancellationToken)
    {
        // Short rounds, as Confluent.Kafka's Flush(CancellationToken) does, so cancellation is noticed.
        while (true)
        {
            Librdkafka.Flush(Native, 100);
            if (Librdkafka.OutQueueLength(Native) == 0)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Waits, up to <paramref name="timeout"/>, until the producer is connected to a broker it learned from the cluster.
    /// librdkafka 2.x closes its bootstrap connections once it knows the brokers and connects to those only on demand;
    /// a transactional producer that finds no connection up when it looks for its coordinator retries on a 500 ms
    /// timer, not when a connection comes up, and that wait was most of each chunk's start (about 450 ms measured). A
    /// metadata request answered by a learned broker leaves that connection up, so the coordinator is asked at once.
    /// Failure is left to the call that needs the cluster next (InitTransactions, delivery), which reports it.
    /// </summary>
    public unsafe void ConnectToCluster(TimeSpan timeout)
    {
        // A request sent before the bootstrap connections close is answered by one of them: ask again.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            MetadataAnswer* answer;
            if (Librdkafka.Metadata(Native, 0, _topic, &answer, Librdkafka.Milliseconds(timeout)) != 0)
            {
                return;
            }

            int answeredBy = answer->AnsweredBy;
            Librdkafka.MetadataDestroy(answer);
            if (answeredBy >= 0)
            {
                return;
            }
        }
    }

    public unsafe void InitTransactions(TimeSpan timeout) => Librdkafka.Check(Librdkafka.InitTransactions(Native, Librdkafka.Milliseconds(timeout)));

    public unsafe void BeginTransaction() => Librdkafka.Check(Librdkafka.BeginTransaction(Native));

    public unsafe void CommitTransaction(TimeSpan timeout) => Librdkafka.Check(Librdkafka.CommitTransaction(Native, Librdkafka.Milliseconds(timeout)));

    public unsafe void AbortTransaction(TimeSpan timeout) => Librdkafka.Check(Librdkafka.AbortTransaction(Native, Librdkafka.Milliseconds(timeout)));

    public unsafe void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping.Cancel();
        lock (_lifetime)
        {
            if (_controlTopic != 0)
            {
                Librdkafka.TopicDestroy(_controlTopic);
                _controlTopic = 0;
            }

            if (_topic != 0)
            {
                Librdkafka.TopicDestroy(_topic);
                _topic = 0;
            }

            if (_native != 0)
            {
                Librdkafka.Destroy(_native);
                _native = 0;
            }
        }

        // Only now: librdkafka calls back with this opaque until it is destroyed.
        _self.Free();
        _stopping.Dispose();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnError(nint producer, int error, byte* reason, nint opaque)
    {
        // Non-fatal errors are librdkafka reporting what it retries by itself (without this callback it would log each
        // one); a message that finally fails arrives as a failed delivery report. Fatal ones are read where they matter
        // with rd_kafka_fatal_error.
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnTokenRefresh(nint producer, byte* configuration, nint opaque)
    {
        // librdkafka calls this on the polling thread and expects the token to be set later, from any thread:
        // fetching it (network, signing) must not hold up delivery reports.
        if (GCHandle.FromIntPtr(opaque).Target is KafkaProducerHandle handle)
        {
            _ = handle.RefreshTokenAsync();
        }
    }

    private async Task RefreshTokenAsync()
    {
        try
        {
            (string token, DateTimeOffset expiry) = await _tokenProvider!(_stopping.Token).ConfigureAwait(false);
            lock (_lifetime)
            {
                if (_native == 0)
                {
                    return;
                }

                if (Librdkafka.SetToken(_native, token, expiry.ToUnixTimeMilliseconds(), OAuthPrincipal) is string refused)
                {
                    Librdkafka.SetTokenFailure(_native, $"token refused: {refused}");
                }
            }
        }
        catch (Exception failure)
        {
            ReportTokenFailure(failure);
        }
    }

    private void ReportTokenFailure(Exception failure)
    {
        lock (_lifetime)
        {
            // Once disposing, nothing waits for this token any more.
            if (_native != 0 && !_disposed)
            {
                // librdkafka then fails authentication: the chunk fails rather than publishing unauthenticated.
                Librdkafka.SetTokenFailure(_native, $"{failure.GetType().Name}: {failure.Message}");
            }
        }
    }
}
