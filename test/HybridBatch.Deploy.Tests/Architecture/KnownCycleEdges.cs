namespace HybridBatch.Deploy.Tests.Architecture;

/// <summary>
/// The namespace dependencies that close cycles today, found by this test when it was written (2026-12-05): the list may
/// only shrink. A cycle edge not listed fails the test (a new cycle, or an old one closed another way), and so does a
/// listed edge that no longer closes a cycle (delete it). Issue 17's named cycles are cut and are not here (Core
/// Validation -> Splitting; Functions Runtime -> Hosting, Events -> Hosting). What remains runs through hubs the
/// issue did not name: Core's root namespace (HybridBatchJson, the source-generated serializer context every stored
/// document uses, and which names them all), Core's Failures (FailureTaxonomy classifies the exceptions of the
/// namespaces that implement its IClassifiedFailure), and the CLI's root (ExitCodes, CliConsole, CliApp's command table).
/// </summary>
internal static class KnownCycleEdges
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Aggregation",
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Batch",
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Processing",
        // Added with the typed contracts (issue 17 item 3): HybridBatchJson holds RecordFormat's contract now that a
        // plan's format is the enum. The same hub as the edges around it; Records itself no longer points back
        // at the root (RecordFormatText reads its own small context).
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Routing",
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Splitting",
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core -> HybridBatch.Core.Validation",
        "HybridBatch.Core: HybridBatch.Core.Aggregation -> HybridBatch.Core",
        "HybridBatch.Core: HybridBatch.Core.Aggregation -> HybridBatch.Core.Processing",
        "HybridBatch.Core: HybridBatch.Core.Aggregation -> HybridBatch.Core.Routing",
        "HybridBatch.Core: HybridBatch.Core.Aggregation -> HybridBatch.Core.Splitting",
        "HybridBatch.Core: HybridBatch.Core.Aggregation -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Aggregation -> HybridBatch.Core.Validation",
        "HybridBatch.Core: HybridBatch.Core.Batch -> HybridBatch.Core",
        "HybridBatch.Core: HybridBatch.Core.Batch -> HybridBatch.Core.Processing",
        "HybridBatch.Core: HybridBatch.Core.Batch -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Batch -> HybridBatch.Core.Routing",
        "HybridBatch.Core: HybridBatch.Core.Batch -> HybridBatch.Core.Splitting",
        "HybridBatch.Core: HybridBatch.Core.Batch -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Compression -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Compression -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Failures -> HybridBatch.Core.Parquet",
        "HybridBatch.Core: HybridBatch.Core.Failures -> HybridBatch.Core.Processing",
        "HybridBatch.Core: HybridBatch.Core.Failures -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Failures -> HybridBatch.Core.Schema",
        "HybridBatch.Core: HybridBatch.Core.Failures -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Parquet -> HybridBatch.Core.Processing",
        "HybridBatch.Core: HybridBatch.Core.Parquet -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Parquet -> HybridBatch.Core.Schema",
        "HybridBatch.Core: HybridBatch.Core.Parquet -> HybridBatch.Core.Splitting",
        "HybridBatch.Core: HybridBatch.Core.Parquet -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Parquet -> HybridBatch.Core.Validation",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Compression",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Parquet",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Routing",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Schema",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Splitting",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Processing -> HybridBatch.Core.Validation",
        "HybridBatch.Core: HybridBatch.Core.Records -> HybridBatch.Core.Compression",
        "HybridBatch.Core: HybridBatch.Core.Routing -> HybridBatch.Core.Failures",
        "HybridBatch.Core: HybridBatch.Core.Routing -> HybridBatch.Core.Splitting",
        "HybridBatch.Core: HybridBatch.Core.Schema -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Compression",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Parquet",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Schema",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Storage",
        "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Validation",
        "HybridBatch.Core: HybridBatch.Core.Storage -> HybridBatch.Core.Failures",
        "HybridBatch.Core: HybridBatch.Core.Validation -> HybridBatch.Core.Records",
        "HybridBatch.Core: HybridBatch.Core.Validation -> HybridBatch.Core.Schema",
        "hybridbatch: HybridBatch.Cli -> HybridBatch.Cli.Commands",
        "hybridbatch: HybridBatch.Cli.Calibration -> HybridBatch.Cli.Local",
        "hybridbatch: HybridBatch.Cli.Calibration -> HybridBatch.Cli.Wiring",
        "hybridbatch: HybridBatch.Cli.Commands -> HybridBatch.Cli",
        "hybridbatch: HybridBatch.Cli.Commands -> HybridBatch.Cli.Calibration",
        "hybridbatch: HybridBatch.Cli.Commands -> HybridBatch.Cli.Local",
        "hybridbatch: HybridBatch.Cli.Commands -> HybridBatch.Cli.Wiring",
        "hybridbatch: HybridBatch.Cli.Local -> HybridBatch.Cli",
        "hybridbatch: HybridBatch.Cli.Wiring -> HybridBatch.Cli",
    };
}
