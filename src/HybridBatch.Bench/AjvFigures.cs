using System.Globalization;

namespace HybridBatch.Bench;

/// <summary>What one ajv run measured: counts, bytes, its own loop time and the process's wall time seen from outside.</summary>
public sealed record AjvFigures(long Records, long Valid, long Bytes, double LoopSeconds, double WallSeconds)
{
    public long Invalid => Records - Valid;

    /// <summary>MB/s of ajv's own loop (Node start and schema compile left out): ajv's best case.</summary>
    public double MegabytesPerSecond => Bytes / 1e6 / LoopSeconds;

    /// <summary>Records/s of ajv's own loop.</summary>
    public double RecordsPerSecond => Records / LoopSeconds;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{MegabytesPerSecond:N0} MB/s in its loop, {Bytes / 1e6 / WallSeconds:N0} MB/s whole process");
}
