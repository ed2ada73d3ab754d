using System.Globalization;
using System.Security.Cryptography;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Local;

/// <summary>
/// The settings that shape a run's plan and messages, stored as <c>runs/{runId}/settings.json</c>: how the file is
/// read and cut (format, delimiter, CSV quotes, schema and its hash, chunk size, record limits), how chunks are routed,
/// where and with which key they are published. A re-run into the same folder must ask for the same ones, or its
/// chunks would mix with the earlier plan's; see <see cref="Differences"/>. A null setting is unknown (a run folder
/// written before this file existed) and matches anything.
/// </summary>
internal sealed record RunSettings
{
    public string? Format { get; init; }

    public string? Delimiter { get; init; }

    /// <summary>none, gzip or zstd (<see cref="InputCompressionText"/>); null in folders written before zstd input existed.</summary>
    public string? Compression { get; init; }

    public string? CsvQuotes { get; init; }

    public string? Schema { get; init; }

    public string? SchemaSha256 { get; init; }

    public int? ChunkRecords { get; init; }

    public int? MaxRecordBytes { get; init; }

    public int? MaxDepth { get; init; }

    public long? Threshold { get; init; }

    public string? Policy { get; init; }

    public string? Destination { get; init; }

    /// <summary>The <c>--key-field</c>; the empty string for "none" (the record identity), null when unknown.</summary>
    public string? KeyField { get; init; }

    public static RunSettings Of(LocalRunRequest request) => new()
    {
        Format = RecordFormatText.Name(request.Format.Format),
        Delimiter = ((char)request.Format.Delimiter).ToString(),
        Compression = InputCompressionText.Name(request.Format.Compression),
        CsvQuotes = CsvQuotesText.Name(request.Format.Quotes),
        Schema = request.Schema.Name,
        SchemaSha256 = Convert.ToHexStringLower(SHA256.HashData(request.Schema.SourceJson.Span)),
        ChunkRecords = request.Settings.Split.ChunkRecords,
        MaxRecordBytes = request.Settings.Split.Scanner.MaxRecordBytes,
        MaxDepth = request.Settings.Split.MaxDepth,
        Threshold = request.Settings.Routing.BatchProcessingThreshold,
        Policy = request.Settings.Routing.Policy == RoutingPolicy.Cost ? "cost" : "threshold",
        Destination = request.Settings.Destination,
        KeyField = request.Settings.Process.KeyField ?? "",
    };

    /// <summary>What a plan written before <c>settings.json</c> existed says about its settings.</summary>
    public static RunSettings FromPlan(ChunkPlan plan) => new()
    {
        Format = RecordFormatText.Name(plan.Format),
        Delimiter = plan.Delimiter,
        Compression = plan.Compression,
        CsvQuotes = plan.CsvQuotes,
        Schema = plan.Schema,
        ChunkRecords = plan.ChunkRecords,
        MaxRecordBytes = plan.MaxRecordBytes,
        MaxDepth = plan.MaxDepth,
    };

    /// <summary>Each setting that differs, as "--option earlier → now"; empty when this run may continue that one.</summary>
    public IReadOnlyList<string> Differences(RunSettings now)
    {
        var found = new List<string>();
        Compare(found, "--format", Format, now.Format);
        Compare(found, "--delimiter", Delimiter, now.Delimiter);
        Compare(found, "compression", Compression, now.Compression);
        Compare(found, "--csv-quotes", CsvQuotes, now.CsvQuotes);
        Compare(found, "--schema", Schema, now.Schema);
        Compare(found, "schema content (sha256)", SchemaSha256?[..12], now.SchemaSha256?[..12]);
        Compare(found, "--chunk-records", Text(ChunkRecords), Text(now.ChunkRecords));
        Compare(found, "--max-record-bytes", Text(MaxRecordBytes), Text(now.MaxRecordBytes));
        Compare(found, "--max-depth", Text(MaxDepth), Text(now.MaxDepth));
        Compare(found, "--threshold", Text(Threshold), Text(now.Threshold));
        Compare(found, "--policy", Policy, now.Policy);
        Compare(found, "--destination", Destination, now.Destination);
        Compare(found, "--key-field", KeyField is "" ? "(none)" : KeyField, now.KeyField is "" ? "(none)" : now.KeyField);
        return found;
    }

    /// <summary>The settings a person would type to continue this run, e.g. <c>--chunk-records 500 --threshold 100</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        Add(parts, "--schema", Schema == RecordSchema.NoSchemaName ? null : Schema);
        Add(parts, "--format", Format);
        Add(parts, "--chunk-records", Text(ChunkRecords));
        Add(parts, "--threshold", Text(Threshold));
        Add(parts, "--policy", Policy);
        Add(parts, "--destination", Destination);
        Add(parts, "--key-field", KeyField is "" ? null : KeyField);
        return string.Join(' ', parts);
    }

    private static void Compare(List<string> found, string name, string? earlier, string? now)
    {
        if (earlier is not null && now is not null && earlier != now)
        {
            found.Add($"{name} {earlier} → {now}");
        }
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name} {value}");
        }
    }

    private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
