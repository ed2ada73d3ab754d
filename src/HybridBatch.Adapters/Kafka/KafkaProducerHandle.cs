using Confluent.Kafka;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// One librdkafka producer configured from <see cref="KafkaSettings"/>, with the fatal error it hit (if any).
/// Polling is manual: the sink polls after each batch and while the queue is full, so delivery reports arrive
/// on the thread that produces and no background thread competes for the cores.
/// </summary>
internal sealed class KafkaProducerHandle : IDisposable
{
    // MSK authenticates the signed token, not this name; librdkafka only requires one.
    private const string OAuthPrincipal = "hybridbatch";

    private readonly CancellationTokenSource _stopping = new();
    private readonly KafkaTokenProvider? _tokenProvider;
    private Error? _fatalError;

    private KafkaProducerHandle(KafkaSettings settings, string? transactionalId)
    {
        _tokenProvider = settings.TokenProvider;
        var builder = new ProducerBuilder<byte[], byte[]>(Config(settings, transactionalId))
            .SetErrorHandler((_, error) => OnError(error));
        if (_tokenProvider is not null)
        {
            builder.SetOAuthBearerTokenRefreshHandler(OnTokenRefresh);
        }

        Producer = builder.Build();
        TransactionalId = transactionalId;
    }

    public IProducer<byte[], byte[]> Producer { get; }

    public string? TransactionalId { get; }

    /// <summary>The fatal error the producer reported; it can publish nothing more.</summary>
    public Error? FatalError => Volatile.Read(ref _fatalError);

    public static KafkaProducerHandle Create(KafkaSettings settings, string? transactionalId)
    {
        settings.Validate();
        var handle = new KafkaProducerHandle(settings, transactionalId);

        // Serves the token request librdkafka queued at start-up, so the first connection can authenticate
        // even before the first batch is produced (InitTransactions needs it).
        handle.Producer.Poll(TimeSpan.Zero);
        return handle;
    }

    /// <summary>The librdkafka configuration, separate so tests can check what each setting turns into.</summary>
    internal static ProducerConfig Config(KafkaSettings settings, string? transactionalId)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = settings.Brokers,
            Acks = Acks.All,
            EnableIdempotence = true,
            CompressionType = settings.Compression,
            LingerMs = settings.LingerMs,
            BatchSize = settings.BatchBytes,
            EnableBackgroundPoll = false,
            // The sink only needs each report's error; copying keys, values and headers back would cost per message.
            DeliveryReportFields = "none",
            ClientId = "hybridbatch",
        };
        if (transactionalId is not null)
        {
            config.TransactionalId = transactionalId;
            config.TransactionTimeoutMs = (int)settings.TransactionTimeout.TotalMilliseconds;
        }

        switch (settings.Security)
        {
            case KafkaSecurity.Scram:
                config.SecurityProtocol = settings.SaslWithoutTls ? SecurityProtocol.SaslPlaintext : SecurityProtocol.SaslSsl;
                config.SaslMechanism = SaslMechanism.ScramSha512;
                config.SaslUsername = settings.Username;
                config.SaslPassword = settings.Password;
                break;
            case KafkaSecurity.Iam:
                config.SecurityProtocol = settings.SaslWithoutTls ? SecurityProtocol.SaslPlaintext : SecurityProtocol.SaslSsl;
                config.SaslMechanism = SaslMechanism.OAuthBearer;
                break;
            default:
                config.SecurityProtocol = SecurityProtocol.Plaintext;
                break;
        }

        if (config.SecurityProtocol == SecurityProtocol.SaslSsl)
        {
            // The bundled librdkafka links its own OpenSSL, whose built-in CA path need not exist on this OS
            // (Amazon Linux, Debian): look for the system's CA bundle instead.
            config.SslCaLocation = "probe";
        }

        return config;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        Producer.Dispose();
        _stopping.Dispose();
    }

    private void OnError(Error error)
    {
        // Non-fatal errors are librdkafka reporting what it retries by itself; a message that finally fails
        // arrives as a failed delivery report. Fatal ones end the producer.
        if (error.IsFatal)
        {
            Interlocked.CompareExchange(ref _fatalError, error, null);
        }
    }

    private void OnTokenRefresh(IProducer<byte[], byte[]> producer, string configuration)
    {
        // librdkafka calls this on the polling thread and expects the token to be set later, from any thread:
        // fetching it (network, signing) must not hold up delivery reports.
        _ = RefreshTokenAsync(producer);
    }

    private async Task RefreshTokenAsync(IClient client)
    {
        try
        {
            (string token, DateTimeOffset expiry) = await _tokenProvider!(_stopping.Token).ConfigureAwait(false);
            client.OAuthBearerSetToken(token, expiry.ToUnixTimeMilliseconds(), OAuthPrincipal);
        }
        catch (Exception failure)
        {
            ReportTokenFailure(client, failure);
        }
    }

    private void ReportTokenFailure(IClient client, Exception failure)
    {
        if (_stopping.IsCancellationRequested)
        {
            // The producer is being disposed: nothing waits for this token any more.
            return;
        }

        try
        {
            // librdkafka then fails authentication: the chunk fails rather than publishing unauthenticated.
            client.OAuthBearerSetTokenFailure($"{failure.GetType().Name}: {failure.Message}");
        }
        catch (Exception lost) when (lost is ObjectDisposedException or KafkaException)
        {
            // Disposed meanwhile, or librdkafka no longer waits for a token: the next refresh asks again.
        }
    }
}
