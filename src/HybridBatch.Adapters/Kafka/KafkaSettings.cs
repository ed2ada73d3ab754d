using System.Globalization;
using Confluent.Kafka;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Where and how the Kafka sink publishes. Read from the environment by <see cref="FromEnvironment"/> and
/// checked by <see cref="Validate"/>, which every consumer of the settings calls; errors name the variable.
/// The producer itself is always <c>acks=all</c> and idempotent; these settings cannot weaken that.
/// </summary>
public sealed record KafkaSettings
{
    public const string BrokersVariable = SettingNames.KafkaBrokers;
    public const string TopicVariable = SettingNames.KafkaTopic;
    public const string SecurityVariable = SettingNames.KafkaSecurity;
    public const string UsernameVariable = SettingNames.KafkaUsername;
    public const string PasswordVariable = SettingNames.KafkaPassword;
    public const string CompressionVariable = SettingNames.KafkaCompression;
    public const string LingerVariable = SettingNames.KafkaLingerMs;
    public const string BatchBytesVariable = SettingNames.KafkaBatchBytes;
    public const string TransactionsVariable = SettingNames.KafkaTransactions;
    public const string TransactionTimeoutVariable = SettingNames.KafkaTransactionTimeoutMs;
    public const string LibrdkafkaVariable = SettingNames.KafkaLibrdkafka;
    public const string ControlTopicVariable = SettingNames.KafkaControlTopic;
    public const string MockClusterVariable = SettingNames.KafkaMockCluster;

    /// <summary>What the default control topic's name adds to <see cref="Topic"/>.</summary>
    public const string ControlTopicSuffix = ".hybridbatch";

    private const int MaxLingerMs = 900_000;
    private const int MaxTopicLength = 249;

    /// <summary><c>KAFKA_BROKERS</c>: comma-separated <c>host:port</c> bootstrap brokers. Required.</summary>
    public string? Brokers { get; init; }

    /// <summary><c>KAFKA_TOPIC</c>: the topic every record goes to. Required.</summary>
    public string? Topic { get; init; }

    /// <summary><c>KAFKA_SECURITY</c>: plaintext (default), scram or iam.</summary>
    public KafkaSecurity Security { get; init; } = KafkaSecurity.Plaintext;

    /// <summary><c>KAFKA_USERNAME</c>: the SCRAM user; required with scram, refused otherwise.</summary>
    public string? Username { get; init; }

    /// <summary><c>KAFKA_PASSWORD</c>: the SCRAM password; required with scram, refused otherwise. Never printed.</summary>
    public string? Password { get; init; }

    /// <summary>Supplies OAUTHBEARER tokens; required with iam, refused otherwise. Not from the environment.</summary>
    public KafkaTokenProvider? TokenProvider { get; init; }

    /// <summary><c>KAFKA_COMPRESSION</c>: none, gzip, snappy, lz4 (default) or zstd.</summary>
    public CompressionType Compression { get; init; } = CompressionType.Lz4;

    /// <summary><c>KAFKA_LINGER_MS</c>: how long a partial batch waits for more messages, 0 to 900,000. Default 5.</summary>
    public int LingerMs { get; init; } = 5;

    /// <summary>
    /// <c>KAFKA_BATCH_BYTES</c>: most bytes in one partition's batch. Default 1 MiB, which fits MSK's default
    /// <c>message.max.bytes</c> (1,048,588).
    /// </summary>
    public int BatchBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// <c>KAFKA_TRANSACTIONS</c>: true (default) publishes each step of a chunk in one transaction with its completion
    /// record, so read_committed consumers see every record once however often the chunk is retried; false publishes
    /// at least once with a shared idempotent producer (a retry resends the step that was open).
    /// </summary>
    public bool Transactions { get; init; } = true;

    /// <summary>
    /// <c>KAFKA_TRANSACTION_TIMEOUT_MS</c>: how long one step's transaction may stay open before the broker aborts
    /// it. Default 15 minutes, the brokers' default <c>transaction.max.timeout.ms</c>; a step that publishes longer fails.
    /// </summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// <c>KAFKA_LIBRDKAFKA</c>: path of a librdkafka build (2.0 or later) the producer uses instead of Confluent.Kafka's
    /// bundled copy, e.g. the distribution's <c>librdkafka.so.1</c>. Unset by default.
    /// </summary>
    public string? LibrdkafkaPath { get; init; }

    /// <summary>
    /// <c>KAFKA_CONTROL_TOPIC</c>: the compacted topic where each step's transaction also writes the chunk's completion
    /// record, so a retry knows what is committed. Default <c>{KAFKA_TOPIC}.hybridbatch</c>. Used with transactions only.
    /// </summary>
    public string? ControlTopic { get; init; }

    /// <summary>The control topic in use: <see cref="ControlTopic"/>, or the default derived from <see cref="Topic"/>.</summary>
    public string EffectiveControlTopic => ControlTopic ?? Topic + ControlTopicSuffix;

    /// <summary>
    /// <c>KAFKA_MOCK_CLUSTER</c>: true when the brokers are librdkafka's mock cluster (local runs and tests; default
    /// false). The mock reports neither aborted transactions nor the last stable offset, so read_committed readers of
    /// the control topic there also drop what the partition's own transaction markers say is aborted or still open.
    /// On a real broker read_committed does that itself, and nothing depends on this setting.
    /// </summary>
    public bool MockCluster { get; init; }

    /// <summary>
    /// With <see cref="MockCluster"/>, how the control topic's reader learns which offsets read_committed must not
    /// return (HybridBatch.MockKafka's TransactionMarkerReader); required then, unused otherwise. Only the local runs
    /// and the tests have it, so bootstrap refuses <c>KAFKA_MOCK_CLUSTER=true</c>.
    /// </summary>
    public UncommittedOffsets? MockClusterMarkers { get; init; }

    /// <summary>Bound on each blocking client call: initialising, committing or aborting a transaction. Default 60 s.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Tests only: SASL without TLS, because the mock cluster has no TLS listener.</summary>
    internal bool SaslWithoutTls { get; init; }

    /// <summary>Tests only: librdkafka properties applied last, e.g. a tiny <c>queue.buffering.max.messages</c>.</summary>
    internal IReadOnlyDictionary<string, string>? LibrdkafkaOverrides { get; init; }

    /// <summary>Reads the <c>KAFKA_*</c> variables from <paramref name="environment"/>; unset ones keep their defaults.</summary>
    public static KafkaSettings FromEnvironment(Func<string, string?> environment, KafkaTokenProvider? tokenProvider = null)
    {
        var settings = new SettingsReader(environment);
        var defaults = new KafkaSettings();
        return new KafkaSettings
        {
            Brokers = settings.Text(BrokersVariable),
            Topic = settings.Text(TopicVariable),
            Security = settings.Choice(SecurityVariable, "plaintext", "scram", "iam") switch
            {
                null or "plaintext" => KafkaSecurity.Plaintext,
                "scram" => KafkaSecurity.Scram,
                _ => KafkaSecurity.Iam,
            },
            Username = settings.Text(UsernameVariable),
            // Not trimmed: a password's spaces are part of it.
            Password = settings.Raw(PasswordVariable),
            TokenProvider = tokenProvider,
            Compression = settings.Choice(CompressionVariable, "none", "gzip", "snappy", "lz4", "zstd") switch
            {
                null => defaults.Compression,
                "none" => CompressionType.None,
                "gzip" => CompressionType.Gzip,
                "snappy" => CompressionType.Snappy,
                "lz4" => CompressionType.Lz4,
                _ => CompressionType.Zstd,
            },
            // Ranges are checked by Validate, which also checks settings made in code.
            LingerMs = settings.Int(LingerVariable) ?? defaults.LingerMs,
            BatchBytes = settings.Int(BatchBytesVariable) ?? defaults.BatchBytes,
            Transactions = settings.Bool(TransactionsVariable, defaults.Transactions),
            TransactionTimeout = settings.Int(TransactionTimeoutVariable) is int ms ? TimeSpan.FromMilliseconds(ms) : defaults.TransactionTimeout,
            LibrdkafkaPath = settings.Text(LibrdkafkaVariable),
            ControlTopic = settings.Text(ControlTopicVariable),
            MockCluster = settings.Bool(MockClusterVariable, defaults.MockCluster),
        };
    }

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        ValidateBrokers(Brokers);
        if (LibrdkafkaPath is not null && !File.Exists(LibrdkafkaPath))
        {
            throw Invalid(LibrdkafkaVariable, $"names no file: '{LibrdkafkaPath}'");
        }

        if (MockCluster && MockClusterMarkers is null)
        {
            throw Invalid(MockClusterVariable, "is true, but this program cannot read the mock cluster's transaction markers: only hybridbatch's local runs and the tests run against the mock cluster");
        }

        ValidateTopic(Topic, TopicVariable);
        ValidateTopic(EffectiveControlTopic, ControlTopic is null ? $"{ControlTopicVariable} (by default {TopicVariable} + '{ControlTopicSuffix}')" : ControlTopicVariable);
        if (EffectiveControlTopic == Topic)
        {
            throw Invalid(ControlTopicVariable, $"must differ from {TopicVariable} ('{Topic}'): consumers of the records would read the completion records too");
        }
        switch (Security)
        {
            case KafkaSecurity.Plaintext or KafkaSecurity.Iam:
                // Credentials next to a mode that ignores them are a misconfiguration, not something to drop silently.
                Refuse(Username, UsernameVariable);
                Refuse(Password, PasswordVariable);
                break;
            case KafkaSecurity.Scram:
                Require(Username, UsernameVariable, "with KAFKA_SECURITY=scram");
                Require(Password, PasswordVariable, "with KAFKA_SECURITY=scram");
                break;
            default:
                throw Invalid(SecurityVariable, $"must be plaintext, scram or iam, got {Security}");
        }

        if (Security == KafkaSecurity.Iam && TokenProvider is null)
        {
            throw Invalid(SecurityVariable, "is iam but no token provider was given (TokenProvider)");
        }

        if (Security != KafkaSecurity.Iam && TokenProvider is not null)
        {
            throw Invalid(SecurityVariable, $"is {Security.ToString().ToLowerInvariant()} but a token provider was given; use iam");
        }

        if (!Enum.IsDefined(Compression))
        {
            throw Invalid(CompressionVariable, $"must be none, gzip, snappy, lz4 or zstd, got {Compression}");
        }

        if (LingerMs is < 0 or > MaxLingerMs)
        {
            throw Invalid(LingerVariable, $"must be between 0 and {MaxLingerMs}, got {LingerMs}");
        }

        if (BatchBytes < 1)
        {
            throw Invalid(BatchBytesVariable, $"must be at least 1, got {BatchBytes}");
        }

        if (TransactionTimeout < TimeSpan.FromSeconds(1) || TransactionTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw Invalid(TransactionTimeoutVariable, $"must be between 1000 and {int.MaxValue} ms, got {TransactionTimeout.TotalMilliseconds} ms");
        }

        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(OperationTimeout), OperationTimeout, "OperationTimeout must be positive");
        }
    }

    /// <summary>Everything but the password.</summary>
    public override string ToString() =>
        $"KafkaSettings {{ Brokers = {Brokers}, Topic = {Topic}, Security = {Security}, Username = {Username}, " +
        $"Compression = {Compression}, LingerMs = {LingerMs}, BatchBytes = {BatchBytes}, Transactions = {Transactions}, " +
        $"TransactionTimeout = {TransactionTimeout}, ControlTopic = {EffectiveControlTopic}, MockCluster = {MockCluster} }}";

    private static void ValidateBrokers(string? brokers)
    {
        Require(brokers, BrokersVariable, "(comma-separated host:port list)");
        foreach (string broker in brokers!.Split(','))
        {
            string entry = broker.Trim();
            int colon = entry.LastIndexOf(':');
            bool valid = colon > 0
                && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                && port is >= 1 and <= 65535;
            if (!valid)
            {
                throw Invalid(BrokersVariable, $"must be a comma-separated host:port list, got '{entry}' in '{brokers}'");
            }
        }
    }

    private static void ValidateTopic(string? topic, string variable)
    {
        Require(topic, variable, "");
        bool legal = topic!.Length <= MaxTopicLength
            && topic is not ("." or "..")
            && topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        if (!legal)
        {
            throw Invalid(variable, $"must be 1 to {MaxTopicLength} of a-z, A-Z, 0-9, '.', '_', '-', got '{topic}'");
        }
    }

    private static void Require(string? value, string variable, string context)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(variable, $"is required {context}".TrimEnd());
        }
    }

    private static void Refuse(string? value, string variable)
    {
        if (value is not null)
        {
            throw Invalid(variable, "is only used with KAFKA_SECURITY=scram; unset it or set KAFKA_SECURITY=scram");
        }
    }

    // A configuration failure naming the variable (exit 2, a Lambda init error), never a bare ArgumentException, which
    // the failure taxonomy reads as bad input. The control topic's default names two variables: the first is the setting.
    private static ConfigurationException Invalid(string variable, string problem)
    {
        int space = variable.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? new ConfigurationException(variable, problem) : new ConfigurationException(variable[..space], variable[(space + 1)..] + " " + problem);
    }
}
