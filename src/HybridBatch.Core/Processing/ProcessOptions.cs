namespace HybridBatch.Core.Processing;

/// <summary>How messages are built from records and committed in steps.</summary>
public sealed record ProcessOptions
{
    /// <summary>The environment variable of <see cref="StepRecords"/> (Lambda and Batch workers).</summary>
    public const string StepRecordsVariable = Settings.SettingNames.StepRecords;

    /// <summary>The environment variable of <see cref="StepSeconds"/> (Lambda and Batch workers).</summary>
    public const string StepSecondsVariable = Settings.SettingNames.StepSeconds;

    /// <summary>The environment variable of <see cref="Revalidate"/> (Lambda and Batch workers).</summary>
    public const string RevalidateVariable = Settings.SettingNames.Revalidate;

    /// <summary>Default of <see cref="StepRecords"/>.</summary>
    public const int DefaultStepRecords = 50_000;

    /// <summary>Default of <see cref="StepSeconds"/>.</summary>
    public const double DefaultStepSeconds = 60;

    /// <summary>
    /// Top-level field whose value becomes the message key. When null, or missing in a record, the key is the
    /// record's identity <c>runId:index</c>. Default null.
    /// </summary>
    public string? KeyField { get; init; }

    /// <summary>Messages per batch handed to the sink. Default 2,000.</summary>
    public int BatchMessages { get; init; } = 2_000;

    /// <summary>
    /// <c>--step-records</c> / <c>STEP_RECORDS</c>: a step is committed after this many records (rejected ones
    /// included), or after <see cref="StepSeconds"/>, whichever comes first. Default 50,000.
    /// </summary>
    public int StepRecords { get; init; } = DefaultStepRecords;

    /// <summary><c>--step-seconds</c> / <c>STEP_SECONDS</c>: the longest a step stays open. Default 60.</summary>
    public double StepSeconds { get; init; } = DefaultStepSeconds;

    /// <summary>
    /// <c>--revalidate</c> / <c>REVALIDATE</c>: validate every record again in the worker instead of skipping the
    /// records the split listed as rejected. The bytes are checked against the split's hashes either way. Default false.
    /// </summary>
    public bool Revalidate { get; init; }

    /// <summary><c>HYBRIDBATCH_CRASH_AT</c>, for fault tests only; null (off) by default.</summary>
    public CrashPoint? CrashAt { get; init; }

    public void Validate()
    {
        if (BatchMessages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchMessages), BatchMessages, "BatchMessages must be at least 1");
        }

        if (KeyField is { Length: 0 })
        {
            throw new ArgumentException("KeyField (--key-field) must not be empty", nameof(KeyField));
        }

        if (StepRecords < 1)
        {
            throw new ArgumentException($"--step-records (STEP_RECORDS) must be at least 1, got {StepRecords}");
        }

        // Not above 15 minutes: a Kafka step is one transaction, and brokers abort longer ones by default.
        if (!(StepSeconds >= 0.001 && StepSeconds <= 900))
        {
            throw new ArgumentException($"--step-seconds (STEP_SECONDS) must be between 0.001 and 900, got {StepSeconds}");
        }
    }
}
