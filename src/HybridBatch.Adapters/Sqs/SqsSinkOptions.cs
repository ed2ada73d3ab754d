using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// How records go to an SQS queue. Validated once, by <see cref="SqsSinkFactory"/>. Messages larger than
/// <see cref="MaxMessageBytes"/> fail their chunk, naming the record: storing large bodies in S3 with a pointer in the
/// message (the extended-client pattern) is not implemented.
/// </summary>
public sealed record SqsSinkOptions
{
    /// <summary>The variable that holds the queue URL of the <c>sqs_core</c> destination.</summary>
    public const string QueueVariable = SettingNames.SqsQueue;

    /// <summary>The optional variable that names <see cref="GroupField"/>.</summary>
    public const string GroupFieldVariable = SettingNames.SqsGroupField;

    /// <summary>The optional variable that sets <see cref="MaxMessageBytes"/> (a queue configured below SQS's limit).</summary>
    public const string MaxMessageBytesVariable = SettingNames.SqsMaxMessageBytes;

    /// <summary>SQS's largest message and largest <c>SendMessageBatch</c> request: 1 MiB (SendMessageBatch documentation).</summary>
    public const int ServiceLimitBytes = 1024 * 1024;

    /// <summary>The queue; a URL ending in <c>.fifo</c> is a FIFO queue.</summary>
    public required string QueueUrl { get; init; }

    /// <summary>
    /// FIFO only: the top-level record field whose value is the <c>MessageGroupId</c>. When null, or missing in
    /// a record, the group is the chunk (<c>{runId}-{chunkId}</c>). Values SQS would refuse as a group id
    /// (over 128 characters, or outside printable ASCII) are replaced by their SHA-256. Default null.
    /// </summary>
    public string? GroupField { get; init; }

    /// <summary>SendMessageBatch requests in flight per chunk; more waits (back-pressure). Default 8.</summary>
    public int MaxInFlightRequests { get; init; } = 8;

    /// <summary>Attempts per message before its chunk fails (the first send included). Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Backoff before the first retry; doubles each attempt, with full jitter. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest backoff between attempts. Default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest message (UTF-8 body plus attribute names, types and values), as SQS counts it; a record over it fails
    /// its chunk, naming the record. Default 1,048,576 (1 MiB, SQS's limit); set it to the queue's
    /// <c>MaximumMessageSize</c> when that is smaller (queues created before SQS raised the limit keep 256 KiB), with
    /// <c>SQS_CORE_MAX_MESSAGE_BYTES</c>.
    /// </summary>
    public int MaxMessageBytes { get; init; } = ServiceLimitBytes;

    /// <summary>Largest request, counted the same way over all its entries. Default 1,048,576 (SQS's limit).</summary>
    public int MaxBatchBytes { get; init; } = ServiceLimitBytes;

    /// <summary>Entries per SendMessageBatch request. Default 10 (SQS's limit).</summary>
    public int MaxBatchEntries { get; init; } = 10;

    public bool IsFifo => QueueUrl.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>
    /// Reads <c>SQS_CORE_QUEUE</c> (required), <c>SQS_CORE_GROUP_FIELD</c> and <c>SQS_CORE_MAX_MESSAGE_BYTES</c> (optional,
    /// 1,024 to <see cref="ServiceLimitBytes"/>) through the one settings reader: a bad one is a <see cref="ConfigurationException"/> naming it.
    /// </summary>
    public static SqsSinkOptions FromEnvironment(Func<string, string?> environment)
    {
        var settings = new SettingsReader(environment);
        // Checked as a URL here, so a bad one is named by its variable; kept as written (the .fifo suffix decides FIFO).
        string queue = settings.HttpUrl(QueueVariable) is not null ? settings.Text(QueueVariable)!
            : throw new ConfigurationException(QueueVariable, "must hold the queue URL for the sqs_core destination");
        return new SqsSinkOptions
        {
            QueueUrl = queue,
            GroupField = settings.Text(GroupFieldVariable),
            // Below 1 KiB no message with its attributes fits; above SQS's limit SQS refuses the request.
            MaxMessageBytes = settings.Int(MaxMessageBytesVariable, 1024, ServiceLimitBytes) ?? ServiceLimitBytes,
        };
    }

    public void Validate()
    {
        if (!Uri.TryCreate(QueueUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"QueueUrl ({QueueVariable}) must be an absolute URL, got '{QueueUrl}'", nameof(QueueUrl));
        }

        if (GroupField is { Length: 0 })
        {
            throw new ArgumentException("GroupField must not be empty", nameof(GroupField));
        }

        Range(nameof(MaxInFlightRequests), MaxInFlightRequests, 1, 256);
        Range(nameof(MaxAttempts), MaxAttempts, 1, 100);
        Range(nameof(MaxBatchEntries), MaxBatchEntries, 1, 10);
        Range(nameof(MaxBatchBytes), MaxBatchBytes, 1, 1024 * 1024);
        Range(nameof(MaxMessageBytes), MaxMessageBytes, 1, MaxBatchBytes);
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), RetryMaxDelay, "RetryBaseDelay must be at least 0 and RetryMaxDelay at least RetryBaseDelay");
        }
    }

    private static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}");
        }
    }
}
