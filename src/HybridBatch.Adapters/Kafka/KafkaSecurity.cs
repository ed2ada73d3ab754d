namespace HybridBatch.Adapters.Kafka;

/// <summary>How the producer authenticates to the brokers (<c>KAFKA_SECURITY</c>).</summary>
public enum KafkaSecurity
{
    /// <summary><c>plaintext</c>: no TLS, no authentication (the mock cluster, a local broker).</summary>
    Plaintext,

    /// <summary><c>scram</c>: SASL_SSL with SCRAM-SHA-512 (MSK's SASL/SCRAM listener), user and password from settings.</summary>
    Scram,

    /// <summary><c>iam</c>: SASL_SSL with OAUTHBEARER (MSK's IAM listener), tokens from a <see cref="KafkaTokenProvider"/>.</summary>
    Iam,
}
