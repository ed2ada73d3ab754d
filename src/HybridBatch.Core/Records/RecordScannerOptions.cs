namespace HybridBatch.Core.Records;

/// <summary>How the scanner frames records. The split and every chunk worker must use the same values.</summary>
public sealed record RecordScannerOptions
{
    /// <summary>Records longer than this (without terminator) are rejected as too long. Default 1 MiB.</summary>
    public int MaxRecordBytes { get; init; } = 1024 * 1024;

    /// <summary>How much is read from the input at a time. Default 1 MiB.</summary>
    public int ReadSize { get; init; } = 1024 * 1024;

    public void Validate()
    {
        if (MaxRecordBytes < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "MaxRecordBytes must be at least 16");
        }

        if (ReadSize < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadSize), ReadSize, "ReadSize must be at least 16");
        }
    }
}
