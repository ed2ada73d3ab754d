namespace HybridBatch.Core.Validation;

/// <summary>
/// When a file is good enough to publish. Structural errors (a missing or unusable CSV header, say) always
/// fail the gate, whatever these say.
/// </summary>
public sealed record GateOptions
{
    /// <summary>Largest share of rejected records that still passes, 0..1. Default 0.01 (1 %).</summary>
    public double MaxErrorRate { get; init; } = 0.01;

    /// <summary>Largest number of rejected records that still passes; null for no count limit. Default null.</summary>
    public long? MaxRejectedRecords { get; init; }

    public void Validate()
    {
        if (double.IsNaN(MaxErrorRate) || MaxErrorRate < 0 || MaxErrorRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxErrorRate), MaxErrorRate, "MaxErrorRate (--max-error-rate) must be between 0 and 1");
        }

        if (MaxRejectedRecords < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRejectedRecords), MaxRejectedRecords, "MaxRejectedRecords (--max-rejected) must not be negative");
        }
    }
}
