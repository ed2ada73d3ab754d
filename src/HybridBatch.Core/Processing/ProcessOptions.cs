namespace HybridBatch.Core.Processing;

/// <summary>How messages are built from records.</summary>
public sealed record ProcessOptions
{
    /// <summary>
    /// Top-level field whose value becomes the message key. When null, or missing in a record, the key is the
    /// record's identity <c>runId:index</c>. Default null.
    /// </summary>
    public string? KeyField { get; init; }

    /// <summary>Messages per batch handed to the sink. Default 2,000.</summary>
    public int BatchMessages { get; init; } = 2_000;

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
    }
}
