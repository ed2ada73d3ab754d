namespace HybridBatch.Cli.Wiring;

/// <summary>
/// The settings a <c>hybridbatch process</c> child needs from its parent's environment. The CLI reads settings
/// through an injected environment (tests pass their own), so a child gets them explicitly, not by inheritance.
/// </summary>
internal static class WorkerEnvironment
{
    private static readonly string[] s_forwarded =
    [
        "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SQS",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "S3_BUCKET", "SQS_CORE_QUEUE", "SQS_CORE_GROUP_FIELD", "SQS_CORE_MAX_MESSAGE_BYTES", "RECORD_DESTINATION", "BATCH_PROCESSING_THRESHOLD",
        "KAFKA_BROKERS", "KAFKA_TOPIC", "KAFKA_SECURITY", "KAFKA_USERNAME", "KAFKA_PASSWORD", "KAFKA_COMPRESSION",
        "KAFKA_LINGER_MS", "KAFKA_BATCH_BYTES", "KAFKA_TRANSACTIONS", "KAFKA_TRANSACTION_TIMEOUT_MS",
        "KAFKA_CONTROL_TOPIC", "KAFKA_MOCK_CLUSTER", "HYBRIDBATCH_CRASH_AT",
    ];

    public static Dictionary<string, string> Capture(Func<string, string?> environment)
    {
        var captured = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in s_forwarded)
        {
            if (environment(name) is string value)
            {
                captured[name] = value;
            }
        }

        return captured;
    }
}
