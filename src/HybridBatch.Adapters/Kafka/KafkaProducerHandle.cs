using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using HybridBatch.Core.Logging;

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
    private readonly ILog _log;

    // Topics before the client: each holds a reference on it, so rd_kafka_destroy runs after their rd_kafka_topic_destroy
    // whatever the order, and a token arriving late on another thread leases the client or finds it disposed.
    private readonly KafkaClientSafeHandle _client;
    private readonly KafkaTopicSafeHandle _topic;
    private readonly KafkaTopicSafeHandle? _controlTopic;
    private int _disposed;

    private unsafe KafkaProducerHandle(KafkaSettings settings, string? transactionalId, ILog log)
    {
        _tokenProvider = settings.TokenProvider;
        _log = log;
        TransactionalId = transactionalId;

        // The configuration's opaque: how the callbacks find this object. One per producer, not per message; the client
        // handle frees it after rd_kafka_destroy, the last moment librdkafka can call back with it.
        GCHandle self = GCHandle.Alloc(this);
        try
        {
            using KafkaConfSafeHandle conf = Librdkafka.NewConf(Config(settings, transactionalId), SettingOfProperty);
            Librdkafka.ConfSetOpaque(conf, GCHandle.ToIntPtr(self));
            Librdkafka.ConfSetDeliveryReportCallback(conf, (nint)(delegate* unmanaged[Cdecl]<nint, DeliveredMessage*, nint, void>)&DeliveryTally.OnDelivered);
            Librdkafka.ConfSetErrorCallback(conf, (nint)(delegate* unmanaged[Cdecl]<nint, int, byte*, nint, void>)&OnError);
            if (_tokenProvider is not null)
            {
                Librdkafka.ConfSetTokenRefreshCallback(conf, (nint)(delegate* unmanaged[Cdecl]<nint, byte*, nint, void>)&OnTokenRefresh);
            }

            _client = Librdkafka.NewClient(Librdkafka.ProducerType, conf, self, SettingOfProperty);
        }
        catch
        {
            self.Free();
            throw;
        }

        try
        {
            _topic = KafkaTopicSafeHandle.Create(_client, settings.Topic!);
            if (transactionalId is not null)
            {
                _controlTopic = KafkaTopicSafeHandle.Create(_client, settings.EffectiveControlTopic);
            }
        }
        catch
        {
            _topic?.Dispose();
            _client.Dispose();
            throw;
        }
    }

    public string? TransactionalId { get; }

    /// <summary>The fatal error the producer reported; it can publish nothing more.</summary>
    public Error? FatalError
    {
        get
        {
            using NativeLease client = LeaseClient();
            return Librdkafka.FatalError(client.Handle);
        }
    }

    /// <summary>The topic every message of this producer goes to; lease it for as long as its pointer is in use.</summary>
    public KafkaTopicSafeHandle Topic => _topic;

    /// <summary>The control topic (transactional producers only): where completion records go.</summary>
    public KafkaTopicSafeHandle ControlTopic => _controlTopic ?? throw new InvalidOperationException("only a transactional producer writes completion records");

    /// <summary>The <c>rd_kafka_t*</c> for the span of a <c>using</c>; throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    public NativeLease LeaseClient()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _client.Lease();
    }

    /// <param name="settings">Validated here.</param>
    /// <param name="transactionalId">The chunk's transactional id, or null for an idempotent producer.</param>
    /// <param name="log">Where librdkafka's errors and the token refreshes are logged; none if null.</param>
    public static KafkaProducerHandle Create(KafkaSettings settings, string? transactionalId, ILog? log = null)
    {
        settings.Validate();
        LibrdkafkaLocation.Choose(settings.LibrdkafkaPath);
        var handle = new KafkaProducerHandle(settings, transactionalId, log ?? NullLog.Instance);

        // Serves the token request librdkafka queued at start-up, so the first connection can authenticate
        // even before the first batch is produced (InitTransactions needs it).
        handle.Poll(TimeSpan.Zero);
        return handle;
    }

    /// <summary>
    /// The setting each librdkafka property of <see cref="Config"/> comes from, so a property librdkafka refuses (a build
    /// without zstd or SASL, a linger longer than the message timeout) fails as that setting's configuration error.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> SettingOfProperty { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bootstrap.servers"] = KafkaSettings.BrokersVariable,
        ["compression.type"] = KafkaSettings.CompressionVariable,
        ["linger.ms"] = KafkaSettings.LingerVariable,
        ["batch.size"] = KafkaSettings.BatchBytesVariable,
        ["transaction.timeout.ms"] = KafkaSettings.TransactionTimeoutVariable,
        ["security.protocol"] = KafkaSettings.SecurityVariable,
        ["sasl.mechanism"] = KafkaSettings.SecurityVariable,
        ["sasl.username"] = KafkaSettings.UsernameVariable,
        ["sasl.password"] = KafkaSettings.PasswordVariable,
    };

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

    /// <summary>Serves delivery reports (and token requests) that are ready, waiting up to <paramref name="timeout"/>.</summary>
    public void Poll(TimeSpan timeout)
    {
        using NativeLease client = LeaseClient();
        Librdkafka.Poll(client.Handle, Librdkafka.Milliseconds(timeout));
    }

    /// <summary>Waits until every queued message has been delivered or failed and its report served.</summary>
    public void Flush(CancellationToken cancellationToken)
    {
        using NativeLease client = LeaseClient();

        // Short rounds, as Confluent.Kafka's Flush(CancellationToken) does, so cancellation is noticed.
        while (true)
        {
            Librdkafka.Flush(client.Handle, 100);
            if (Librdkafka.OutQueueLength(client.Handle) == 0)
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
        using NativeLease client = LeaseClient();
        using NativeLease topic = _topic.Lease();

        // A request sent before the bootstrap connections close is answered by one of them: ask again.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            MetadataAnswer* answer;
            if (Librdkafka.Metadata(client.Handle, 0, topic.Handle, &answer, Librdkafka.Milliseconds(timeout)) != 0)
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

    public void InitTransactions(TimeSpan timeout)
    {
        using NativeLease client = LeaseClient();
        Librdkafka.Check(Librdkafka.InitTransactions(client.Handle, Librdkafka.Milliseconds(timeout)));
    }

    public void BeginTransaction()
    {
        using NativeLease client = LeaseClient();
        Librdkafka.Check(Librdkafka.BeginTransaction(client.Handle));
    }

    public void CommitTransaction(TimeSpan timeout)
    {
        using NativeLease client = LeaseClient();
        Librdkafka.Check(Librdkafka.CommitTransaction(client.Handle, Librdkafka.Milliseconds(timeout)));
    }

    public void AbortTransaction(TimeSpan timeout)
    {
        using NativeLease client = LeaseClient();
        Librdkafka.Check(Librdkafka.AbortTransaction(client.Handle, Librdkafka.Milliseconds(timeout)));
    }

    /// <summary>Idempotent. Calls still running on other threads hold leases; the native destroy waits for them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _controlTopic?.Dispose();
        _topic.Dispose();
        _client.Dispose();
        _stopping.Dispose();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnError(nint producer, int error, byte* reason, nint opaque)
    {
        // Non-fatal errors are librdkafka reporting what it retries by itself (a broker away, a request timed out): a
        // warning, not a failure. A message that finally fails arrives as a failed delivery report, and fatal errors are
        // read where they matter with rd_kafka_fatal_error. Runs inside rd_kafka_poll: must not throw.
        try
        {
            if (GCHandle.FromIntPtr(opaque).Target is KafkaProducerHandle handle)
            {
                handle._log.Warning("Kafka producer error {KafkaError} ({KafkaErrorCode}): {Reason}",
                    ((ErrorCode)error).ToString(), error, Marshal.PtrToStringUTF8((nint)reason) ?? "");
            }
        }
        catch (Exception)
        {
            // A log that fails must not take the producer's polling thread down with it.
        }
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
            _log.Info("Kafka token refreshed; it expires at {Expiry}", expiry.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            WithClientUnlessDisposed(client =>
            {
                if (Librdkafka.SetToken(client, token, expiry.ToUnixTimeMilliseconds(), OAuthPrincipal) is string refused)
                {
                    _log.Warning("Kafka refused the refreshed token: {Reason}", refused);
                    Librdkafka.SetTokenFailure(client, $"token refused: {refused}");
                }
            });
        }
        catch (Exception failure)
        {
            // librdkafka then fails authentication: the chunk fails rather than publishing unauthenticated.
            _log.Warning("Kafka token refresh failed: {ErrorType}: {Error}", failure.GetType().Name, failure.Message);
            WithClientUnlessDisposed(client => Librdkafka.SetTokenFailure(client, $"{failure.GetType().Name}: {failure.Message}"));
        }
    }

    // A token can arrive after dispose, on a thread of its own: then nothing waits for it any more.
    private void WithClientUnlessDisposed(Action<nint> use)
    {
        NativeLease client;
        try
        {
            client = LeaseClient();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            use(client.Handle);
        }
        finally
        {
            client.Dispose();
        }
    }
}
