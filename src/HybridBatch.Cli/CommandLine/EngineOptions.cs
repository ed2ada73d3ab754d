using System.CommandLine;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using static HybridBatch.Cli.CommandLine.OptionKinds;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The options <see cref="EngineSettings"/> reads (input format, schema, split, gate, routing, processing), declared
/// once for every command that runs the engine: run, plan, demo, validate (and the processing ones for process).
/// </summary>
internal static class EngineOptions
{
    public static readonly Option<string?> Schema = Text("--schema", "S",
        $"a sample ({string.Join(", ", RecordSchema.SampleNames)}) or a JSON Schema file; without it every well-formed record is accepted (any JSON value per line, a CSV row as an object of strings)");

    public static readonly Option<string?> Format = Choice("--format", [.. RecordFormatText.All, "auto"],
        "default (auto): from the file name (.jsonl .ndjson .json .csv .tsv, optional .gz .zst; .parquet)",
        (command, value) => $"{command}: --format must be {RecordFormatText.Choices} or auto, got '{value}'");

    public static readonly Option<string?> Delimiter = Text("--delimiter", "C",
        "CSV delimiter ('tab' for a tab); default ',' (.tsv: tab); refused for JSON Lines");

    public static readonly Option<string?> CsvQuotes = Choice("--csv-quotes", [CsvQuotesText.Lenient, CsvQuotesText.Strict],
        "a quote opens a quoted field only as a field's first character; elsewhere, and text after a closing quote (\"ab\"c), "
        + "is taken literally (lenient, the default, as Python's csv) or rejects that record (strict). The plan carries it to workers");

    public static readonly Option<string?> FormatAssertion = Choice("--format-assertion", [FormatAssertionText.On, FormatAssertionText.Off],
        "on (default): format date-time, date, time, duration, email, hostname, ipv4, ipv6, uri, uri-reference, uuid is "
        + "checked; off: annotations only, as JSON Schema 2020-12 says. Unknown formats are annotations (a warning). The plan carries it to workers",
        (command, value) => $"{command}: --format-assertion must be {FormatAssertionText.Choices}, got '{value}'");

    public static readonly Option<bool> StrictKeywords = Flag("--strict-keywords",
        "refuse a schema keyword JSON Schema 2020-12 does not define (default: an annotation, listed once in a warning)");

    public static readonly Option<string?> Destination = Choice("--destination", SinkFactories.Names,
        "where records are published (default: env RECORD_DESTINATION, else file)",
        (command, value) => $"{command}: unknown destination '{value}'; use one of {string.Join(", ", SinkFactories.Names)}");

    public static readonly Option<int?> ChunkRecords = Int("--chunk-records", "N",
        $"records per chunk (default {SplitOptions.DefaultChunkRecords}, the threshold; demo {Commands.DemoCommand.DemoChunkRecords})");

    public static readonly Option<long?> Threshold = Long("--threshold", "N",
        $"chunks of at most N records run on Lambda (default {RoutingOptions.DefaultBatchProcessingThreshold}; env BATCH_PROCESSING_THRESHOLD)");

    public static readonly Option<string?> Policy = Choice("--policy", ["threshold", "cost"],
        "route by record count (threshold, the default) or by the cheaper estimate that fits the Lambda timeout (cost)",
        (command, value) => $"{command}: --policy must be threshold or cost, got '{value}'");

    public static readonly Option<string?> KeyField = Text("--key-field", "F",
        "top-level field used as message key (default: the record identity runId:index)");

    public static readonly Option<int?> StepRecords = Int("--step-records", "N",
        $"commit a chunk's publishing every N records (default {ProcessOptions.DefaultStepRecords}; env {ProcessOptions.StepRecordsVariable})");

    public static readonly Option<double?> StepSeconds = Double("--step-seconds", "S",
        $"... or every S seconds, whichever first (default {ProcessOptions.DefaultStepSeconds}; env {ProcessOptions.StepSecondsVariable})");

    public static readonly Option<bool> Revalidate = Flag("--revalidate",
        "workers validate every record again instead of skipping the split's listed rejects (the bytes are checked "
        + $"against the split's hashes either way; env {ProcessOptions.RevalidateVariable})");

    public static readonly Option<double?> MaxErrorRate = Double("--max-error-rate", "R",
        "validation gate: largest share of rejected records (default 0.01)");

    public static readonly Option<long?> MaxRejected = Long("--max-rejected", "N",
        "validation gate: largest number of rejected records (default: no limit)");

    public static readonly Option<int?> MaxRecordBytes = Int("--max-record-bytes", "N",
        $"longer records are rejected (default {new RecordScannerOptions().MaxRecordBytes})");

    public static readonly Option<int?> MaxDepth = Int("--max-depth", "N",
        $"JSON records nesting deeper are rejected (default {JsonDepthLimit.Default}, at most 1000)");

    public static readonly Option<int?> Threads = Int("--threads", "N",
        $"the split validates uncompressed input on N threads (default: the number of cores; 1 to {SplitOptions.MaxThreads}); "
        + "gzip input is one stream (decompression runs ahead on a second thread)");

    public static readonly Option<double?> ToleratedFailurePercentage = Double("--tolerated-failure-percentage", "P",
        "share of chunks that may fail with the run still succeeding (default 0)");

    /// <summary>What <see cref="EngineSettings.Read"/> reads: split, gate, routing, processing.</summary>
    public static IReadOnlyList<Option> Settings { get; } =
    [
        Destination, ChunkRecords, Threshold, Policy, KeyField, StepRecords, StepSeconds, Revalidate,
        MaxErrorRate, MaxRejected, MaxRecordBytes, MaxDepth, Threads, ToleratedFailurePercentage,
    ];

    /// <summary>What <see cref="EngineSettings.ReadSplit"/> reads: the split and its gate, all the validation job uses.</summary>
    public static IReadOnlyList<Option> Split { get; } = [ChunkRecords, MaxErrorRate, MaxRejected, MaxRecordBytes, MaxDepth, Threads];

    /// <summary>What <see cref="EngineSettings.LoadSchema(CommandArguments, string?)"/> and <see cref="EngineSettings.DetectFormat"/> read.</summary>
    public static IReadOnlyList<Option> Input { get; } = [Format, Delimiter, CsvQuotes, FormatAssertion, StrictKeywords];

    /// <summary>What <see cref="EngineSettings.ReadProcessing"/> reads.</summary>
    public static IReadOnlyList<Option> Processing { get; } = [Destination, KeyField, StepRecords, StepSeconds, Revalidate];
}
