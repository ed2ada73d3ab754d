using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A JSON Schema (draft 2020-12) compiled once into a node tree, then used to validate millions of
/// records: JSON records in one allocation-free pass, CSV rows through a <see cref="CsvRowBinder"/>.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class RecordSchema
{
    private static readonly string[] _sampleNames = ["orders", "customers", "inventory"];

    private readonly SchemaNode _root;

    private RecordSchema(string name, ReadOnlyMemory<byte> sourceJson, SchemaNode root, SchemaCompiler compiler)
    {
        Name = name;
        SourceJson = sourceJson;
        _root = root;
        UnknownKeywords = compiler.UnknownKeywords.ToArray();
        FormatAssertion = compiler.FormatAssertion;
        UnknownFormats = compiler.UnknownFormats.AsReadOnly();
    }

    /// <summary>
    /// The name a run without a schema records (plan, validation report, run report): in parentheses, so no sample
    /// or schema file is mistaken for it.
    /// </summary>
    public const string NoSchemaName = "(no schema)";

    /// <summary>What every host says first when a run has no schema.</summary>
    public const string NoSchemaNotice = "no schema: every well-formed record is accepted";

    /// <summary>The schemas embedded in the Core assembly, for <see cref="LoadSample(string)"/>.</summary>
    public static IReadOnlyList<string> SampleNames { get; } = Array.AsReadOnly(_sampleNames);

    public string Name { get; }

    /// <summary>The schema text as loaded.</summary>
    public ReadOnlyMemory<byte> SourceJson { get; }

    internal SchemaNode Root => _root;

    /// <summary>
    /// Where the schema uses keywords JSON Schema 2020-12 does not define (e.g. <c>#/properties/id/x-owner</c>).
    /// They are annotations and check nothing; hosts print this list once as a warning, so a typo such as
    /// <c>minimun</c> does not go unnoticed. Empty when there are none (always, with <see cref="SchemaLoadOptions.StrictKeywords"/>).
    /// </summary>
    public IReadOnlyList<string> UnknownKeywords { get; }

    /// <summary>The warning hosts print for <see cref="UnknownKeywords"/>; null when there are none.</summary>
    public string? UnknownKeywordsWarning => UnknownKeywords.Count == 0
        ? null
        : $"Schema '{Name}' uses {UnknownKeywords.Count} keyword(s) JSON Schema 2020-12 does not define; they are annotations and check nothing (--strict-keywords refuses them): {string.Join(", ", UnknownKeywords)}";

    /// <summary>Whether this schema's known formats are asserted; a worker loads the schema as the split did.</summary>
    public FormatAssertion FormatAssertion { get; }

    /// <summary>
    /// The <c>format</c> names this validator does not know, as <c>#/path: 'name'</c>. They are annotations (never
    /// checked), so a host shows them as a load-time warning.
    /// </summary>
    public IReadOnlyList<string> UnknownFormats { get; }

    /// <summary>Compiles a schema; throws <see cref="SchemaLoadException"/> for invalid JSON or unsupported keywords.</summary>
    public static RecordSchema Load(ReadOnlySpan<byte> utf8SchemaJson, string name) =>
        Load(utf8SchemaJson, name, SchemaCompiler.DefaultPatternTimeout);

    /// <summary>As <see cref="Load(ReadOnlySpan{byte}, string)"/>, read as <paramref name="options"/> say.</summary>
    public static RecordSchema Load(ReadOnlySpan<byte> utf8SchemaJson, string name, SchemaLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Load(utf8SchemaJson, name, SchemaCompiler.DefaultPatternTimeout, options.StrictKeywords, options.FormatAssertion);
    }

    /// <summary>As <see cref="Load(ReadOnlySpan{byte}, string)"/>, asserting formats or not (<c>--format-assertion</c>).</summary>
    public static RecordSchema Load(ReadOnlySpan<byte> utf8SchemaJson, string name, FormatAssertion formatAssertion) =>
        Load(utf8SchemaJson, name, SchemaCompiler.DefaultPatternTimeout, strictKeywords: false, formatAssertion);

    /// <summary>As <see cref="Load(ReadOnlySpan{byte}, string)"/>, with the backtracking patterns' match timeout (tests use a tiny one).</summary>
    internal static RecordSchema Load(ReadOnlySpan<byte> utf8SchemaJson, string name, TimeSpan patternTimeout, FormatAssertion formatAssertion = FormatAssertion.On) =>
        Load(utf8SchemaJson, name, patternTimeout, strictKeywords: false, formatAssertion);

    private static RecordSchema Load(ReadOnlySpan<byte> utf8SchemaJson, string name, TimeSpan patternTimeout, bool strictKeywords, FormatAssertion formatAssertion)
    {
        ArgumentNullException.ThrowIfNull(name);
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8SchemaJson.StartsWith(bom))
        {
            utf8SchemaJson = utf8SchemaJson[bom.Length..];
        }

        byte[] source = utf8SchemaJson.ToArray();
        var compiler = new SchemaCompiler(name, patternTimeout, strictKeywords) { FormatAssertion = formatAssertion };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(source);
        }
        catch (JsonException ex)
        {
            throw new SchemaLoadException(name, "#", $"not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            SchemaNode root = compiler.CompileDocument(document.RootElement);
            return new RecordSchema(name, source, root, compiler);
        }
    }

    /// <summary>
    /// True when a schema reference (<c>--schema</c>, <c>SCHEMA</c>, an event's <c>schema</c>) names no schema: absent
    /// or blank. Every host applies this one rule, so the Lambda split and the Batch validation job agree.
    /// </summary>
    public static bool NamesNoSchema([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? reference) => string.IsNullOrWhiteSpace(reference);

    /// <summary>
    /// The schema of a run without one: <c>true</c>, which accepts any JSON value. Framing still applies (one valid
    /// UTF-8 JSON value per line, duplicate keys and depth as for any schema); CSV rows become objects of strings
    /// (<see cref="ConstrainsNothing"/>). The split stores this text, so a worker loads the same schema.
    /// </summary>
    public static RecordSchema NoSchema(FormatAssertion formatAssertion = FormatAssertion.On) =>
        Load("true"u8, NoSchemaName, formatAssertion);

    /// <summary>
    /// True when the schema is <c>true</c> (<see cref="NoSchema"/>, or a file holding just that): it checks nothing,
    /// so a CSV row is bound with every field a string named by the header.
    /// </summary>
    public bool ConstrainsNothing => ReferenceEquals(_root, SchemaNode.Any);

    /// <summary>Loads one of the <see cref="SampleNames"/> from the embedded resources.</summary>
    public static RecordSchema LoadSample(string sampleName) => LoadSample(sampleName, FormatAssertion.On);

    /// <summary>As <see cref="LoadSample(string)"/>, asserting formats or not (<c>--format-assertion</c>).</summary>
    public static RecordSchema LoadSample(string sampleName, FormatAssertion formatAssertion)
    {
        if (Array.IndexOf(_sampleNames, sampleName) < 0)
        {
            throw new ArgumentException(
                $"Unknown sample schema '{sampleName}'. Known samples: {string.Join(", ", _sampleNames)}.", nameof(sampleName));
        }

        string resource = $"HybridBatch.Samples.{sampleName}.schema.json";
        using Stream stream = typeof(RecordSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sampleName, formatAssertion);
    }

    /// <summary>
    /// Validates one JSON record (one line without its newline; trailing <c>\r</c>/whitespace is fine).
    /// Returns null when valid, else the first error found.
    /// </summary>
    public ValidationError? ValidateJson(ReadOnlySpan<byte> record) =>
        JsonRecordValidator.Validate(_root, record, default, out _, JsonDepthLimit.Default);

    /// <summary>As <see cref="ValidateJson(ReadOnlySpan{byte})"/>, nesting at most <paramref name="maxDepth"/> levels deep.</summary>
    public ValidationError? ValidateJson(ReadOnlySpan<byte> record, int maxDepth) =>
        JsonRecordValidator.Validate(_root, record, default, out _, maxDepth);

    /// <summary>
    /// Validates like <see cref="ValidateJson(ReadOnlySpan{byte})"/> and also finds the raw value of top-level
    /// property <paramref name="keyFieldUtf8"/>: for a string the still-escaped bytes between the quotes, otherwise
    /// the token text (whole text for an object/array). <paramref name="keyValue"/> is empty when the property is
    /// absent, and may be empty when the record is invalid (validation stops at the first error).
    /// </summary>
    public ValidationError? ValidateJson(ReadOnlySpan<byte> record, ReadOnlySpan<byte> keyFieldUtf8, out Range keyValue) =>
        JsonRecordValidator.Validate(_root, record, keyFieldUtf8, out keyValue, JsonDepthLimit.Default);

    /// <summary>As the overload above, nesting at most <paramref name="maxDepth"/> levels deep.</summary>
    public ValidationError? ValidateJson(ReadOnlySpan<byte> record, ReadOnlySpan<byte> keyFieldUtf8, out Range keyValue, int maxDepth) =>
        JsonRecordValidator.Validate(_root, record, keyFieldUtf8, out keyValue, maxDepth);

    /// <summary>
    /// Maps a CSV header onto this schema's properties. Throws <see cref="SchemaMismatchException"/> when the root
    /// is not an object schema or the header cannot satisfy it.
    /// </summary>
    public CsvRowBinder BindCsvHeader(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return CsvRowBinder.Create(this, header);
    }
}
