namespace HybridBatch.Core.Routing;

/// <summary>
/// The built-in throughputs of <see cref="CostModelOptions"/>, for a machine that was never calibrated. The split and
/// the discarding worker are the figures measured on the project's 2-core development machine when it was quiet
/// (issue 16: 10,000,000 orders, split about 10 s on one thread, the chunks about 8.4 s on two workers); the file and
/// Kafka rates keep the ratio to the discarding worker that <c>hybridbatch calibrate</c> measured on the same machine
/// on 2026-12-05 (under load: file 0.36, Kafka mock cluster 0.37). Calibrate where you run to replace them.
/// </summary>
internal static class DefaultCalibration
{
    public const double ScanRecordsPerSecondPerCore = 20_000_000;

    public const double ValidateRecordsPerSecondPerCore = 1_000_000;

    public const double ProcessRecordsPerSecondPerCore = 600_000;

    public const double ProcessStartupSeconds = 0.15;

    public static readonly IReadOnlyDictionary<string, double> PublishRecordsPerSecondPerCore = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["discard"] = ProcessRecordsPerSecondPerCore,
        ["file"] = 216_000,
        ["kafka"] = 222_000,
    };

    public static readonly CostCalibration Calibration = new()
    {
        MeasuredAt = new DateTimeOffset(2026, 12, 5, 17, 40, 0, TimeSpan.Zero),
        Machine = "Debian GNU/Linux 12, X64, 2 cores (the project's development machine)",
        Cores = 2,
        Records = 10_000_000,
        Destinations = ["discard", "file", "kafka"],
        Note = "built-in defaults: split and discard from a quiet run (issue 16); file and kafka scaled by a calibration's ratios; sqs_core not measured",
    };
}
