using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Validation;

/// <summary>
/// Checks one framed record against the schema, the same way in the split and in every chunk worker:
/// framing problems first, then CSV syntax, then the schema. Remembers the last valid record's key so the
/// worker can build its message without parsing twice.
/// </summary>
public sealed class RecordValidator
{
    private readonly RecordSchema _schema;
    private readonly int _maxRecordBytes;
    private readonly byte[] _keyField;
    private readonly CsvRowParser? _csvParser;
    private readonly CsvRowBinder? _csvBinder;
    private readonly int _keyColumn = -1;
    private readonly int _maxDepth;
    private Range _jsonKey;

    private RecordValidator(RecordSchema schema, int maxRecordBytes, string? keyField, CsvRowParser? csvParser, CsvRowBinder? csvBinder, int maxDepth = JsonDepthLimit.Default)
    {
        _maxDepth = maxDepth;
        _schema = schema;
        _maxRecordBytes = maxRecordBytes;
        _keyField = keyField is null ? [] : Encoding.UTF8.GetBytes(keyField);
        _csvParser = csvParser;
        _csvBinder = csvBinder;
        if (csvBinder is not null && keyField is not null)
        {
            _keyColumn = csvBinder.ColumnIndex(keyField);
        }
    }

    public bool IsCsv => _csvBinder is not null;

    /// <summary>JSON Lines records, nesting at most <paramref name="maxDepth"/> levels (<c>--max-depth</c>).</summary>
    public static RecordValidator ForJsonLines(RecordSchema schema, int maxRecordBytes, string? keyField, int maxDepth = JsonDepthLimit.Default) =>
        new(schema, maxRecordBytes, keyField, null, null, maxDepth);

    /// <summary>Binds the CSV header to the schema; throws <see cref="SchemaMismatchException"/> when they disagree.</summary>
    public static RecordValidator ForCsv(RecordSchema schema, int maxRecordBytes, byte delimiter, CsvQuotes quotes, IReadOnlyList<string> header, string? keyField) =>
        new(schema, maxRecordBytes, keyField, new CsvRowParser(delimiter, quotes), schema.BindCsvHeader(header));

    /// <summary>Null when the record is valid, else the first reason it is not.</summary>
    public ValidationError? Validate(in RawRecord record)
    {
        switch (record.Problem)
        {
            case RecordProblem.TooLong:
                return new ValidationError("", $"record longer than the {_maxRecordBytes}-byte limit");
            case RecordProblem.InvalidUtf8:
                return new ValidationError("", $"invalid UTF-8 at byte {record.ProblemOffset} of the record");
        }

        if (_csvParser is null)
        {
            return _keyField.Length == 0
                ? _schema.ValidateJson(record.Content, _maxDepth)
                : _schema.ValidateJson(record.Content, _keyField, out _jsonKey, _maxDepth);
        }

        string? syntax = _csvParser.TryParse(record.Content, out CsvRow row);
        return syntax is not null ? new ValidationError("", syntax) : _csvBinder!.Validate(row);
    }

    /// <summary>The configured key field's value in the last valid record; empty when it has none.</summary>
    public ReadOnlySpan<byte> LastKey(ReadOnlySpan<byte> content)
    {
        if (_csvParser is null)
        {
            return _keyField.Length == 0 ? default : content[_jsonKey];
        }

        return _keyColumn < 0 ? default : _csvParser.LastRow[_keyColumn];
    }

    /// <summary>Writes the last valid CSV row as a typed JSON object.</summary>
    public void WriteLastCsvRow(Utf8JsonWriter writer) => _csvBinder!.WriteJson(_csvParser!.LastRow, writer);
}
