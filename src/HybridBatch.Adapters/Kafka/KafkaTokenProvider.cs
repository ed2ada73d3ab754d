namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Supplies an OAUTHBEARER token and its expiry for <see cref="KafkaSecurity.Iam"/> (for MSK, a signed
/// IAM auth token). Called whenever librdkafka asks for a token: at start-up and before the current one
/// expires. Throwing (or cancelling) reports a token failure to librdkafka, which fails the connection.
/// </summary>
public delegate Task<(string Token, DateTimeOffset Expiry)> KafkaTokenProvider(CancellationToken cancellationToken);
