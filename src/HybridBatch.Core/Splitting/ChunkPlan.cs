using System.Text.Json.Serialization;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// What the split decided for one input object: its identity, how to read it, and the chunks. Stored as
/// <c>runs/{runId}/plan.json</c>; its <see cref="Chunks"/> array is what the Distributed Map iterates.
/// </summary>
public sealed record ChunkPlan
{
    public required string RunId { get; init; }

    public required ObjectLocation Source { get; init; }

    /// <summary>The version (ETag, version id, or size and time for local files) every read is pinned to.</summary>
    public required string SourceVersion { get; init; }

    public required long SourceSize { get; init; }

    /// <summary>How the records are laid out; on the wire <c>jsonl</c>, <c>csv</c> or <c>parquet</c>, and a plan naming any other fails to read.</summary>
    public required Records.RecordFormat Format { get; init; }

    /// <summary>The CSV delimiter as a one-character string.</summary>
    public required string Delimiter { get; init; }

    private readonly string? _compression;
    private readonly bool _legacyGzip;

    /// <summary>
    /// How the input is compressed, as <see cref="InputCompressionText"/> spells it (none, gzip, zstd); chunks of
    /// compressed input are staged (<see cref="ChunkPlanEntry.StagedKey"/>).
    /// </summary>
    public string Compression
    {
        get => _compression ?? (_legacyGzip ? InputCompressionText.Gzip : InputCompressionText.None);
        init => _compression = value;
    }

    /// <summary>
    /// Read only, never written: plans written before <see cref="Compression"/> existed said <c>"gzip": true</c>
    /// for gzip input, and they still read as such.
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("gzip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool LegacyGzip
    {
        get => false;
        init => _legacyGzip = value;
    }

    /// <summary>
    /// What a CSV quote that cannot open a quoted field means, as <see cref="Records.CsvQuotesText"/> spells it;
    /// plans written before the option existed read as lenient.
    /// </summary>
    public string CsvQuotes
    {
        get => _csvQuotes ?? Records.CsvQuotesText.Lenient;
        init => _csvQuotes = value;
    }

    // The source-generated reader gives an init-only property that a plan lacks its type's default (null, 0), not
    // the property's initializer, so the defaults of older plans live in the getters.
    private readonly string? _csvQuotes;
    private readonly string? _formatAssertion;
    private readonly int _maxDepth;

    /// <summary>The CSV header's column names (the worker's byte ranges never include the header).</summary>
    public IReadOnlyList<string>? Header { get; init; }

    public required string Schema { get; init; }

    /// <summary>
    /// Whether the split asserted formats, as <see cref="FormatAssertionText"/> spells it, so a worker loads the
    /// schema alike; plans written before the option existed read as on.
    /// </summary>
    public string FormatAssertion
    {
        get => _formatAssertion ?? FormatAssertionText.On;
        init => _formatAssertion = value;
    }

    public required int ChunkRecords { get; init; }

    public required int MaxRecordBytes { get; init; }

    /// <summary>
    /// The split's <c>--max-depth</c>, so the worker frames JSON records to the same limit; plans written before the
    /// option existed read as the default.
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth > 0 ? _maxDepth : JsonDepthLimit.Default;
        init => _maxDepth = value;
    }

    public required long TotalRecords { get; init; }

    public required long ValidRecords { get; init; }

    public required long RejectedRecords { get; init; }

    public required IReadOnlyList<ChunkPlanEntry> Chunks { get; init; }
}
