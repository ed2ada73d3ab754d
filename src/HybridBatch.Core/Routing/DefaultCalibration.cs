namespace HybridBatch.Core.Routing;

/// <summary>
/// The built-in throughputs of <see cref="CostModelOptions"/>: one <c>hybridbatch calibrate</c> run, copied here so an
/// uncalibrated machine still gets measured figures rather than guesses. Replace them by calibrating where you run.
/// </summary>
internal static class DefaultCalibration
{
    public const double ScanRecordsPerSecondPerCore = 4_000_000;

    public const double ValidateRecordsPerSecondPerCore = 1_000_000;

    public const double ProcessRecordsPerSecondPerCore = 2_000_000;

    public const double ProcessStartupSeconds = 0.1;

    public static readonly IReadOnlyDictionary<string, double> PublishRecordsPerSecondPerCore = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["discard"] = ProcessRecordsPerSecondPerCore,
        ["file"] = 1_000_000,
        ["kafka"] = 300_000,
    };

    public static readonly CostCalibration Calibration = new()
    {
        MeasuredAt = new DateTimeOffset(2026, 12, 5, 18, 0, 0, TimeSpan.Zero),
        Machine = "linux x64, 2 cores (the project's development machine, shared)",
        Cores = 2,
        Records = 500_000,
        Destinations = ["discard", "file", "kafka"],
        Note = "built-in defaults: one calibration on the development machine",
    };
}
