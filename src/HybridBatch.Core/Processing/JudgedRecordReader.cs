using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Processing;

/// <summary>
/// Takes from a record the split already judged valid what its message needs, without validating it again: the
/// key field's value (the same bytes <see cref="Validation.RecordValidator.LastKey"/> gives) and, for CSV, the row as
/// typed JSON. A record that cannot be read this way fails the chunk: it is not what the split judged.
/// </summary>
internal sealed class JudgedRecordReader
{
    private readonly int _chunkId;
    private readonly byte[] _keyField;
    private readonly JsonReaderOptions _jsonOptions;
    private readonly CsvRowParser? _csvParser;
    private readonly CsvRowBinder? _csvBinder;
    private readonly int _keyColumn = -1;

    private JudgedRecordReader(int chunkId, string? keyField, int maxDepth, CsvRowParser? csvParser, CsvRowBinder? csvBinder)
    {
        _chunkId = chunkId;
        _keyField = keyField is null ? [] : System.Text.Encoding.UTF8.GetBytes(keyField);
        // One level of headroom: the split's limit counts nesting the way its own walker does.
        _jsonOptions = new JsonReaderOptions { MaxDepth = maxDepth + 1 };
        _csvParser = csvParser;
        _csvBinder = csvBinder;
        if (csvBinder is not null && keyField is not null)
        {
            _keyColumn = csvBinder.ColumnIndex(keyField);
        }
    }

    public static JudgedRecordReader ForJsonLines(int chunkId, string? keyField, int maxDepth) => new(chunkId, keyField, maxDepth, null, null);

    /// <summary>Binds the header to the schema the CSV row's JSON types come from.</summary>
    public static JudgedRecordReader ForCsv(int chunkId, RecordSchema schema, byte delimiter, CsvQuotes quotes, IReadOnlyList<string> header, string? keyField) =>
        new(chunkId, keyField, JsonDepthLimit.Default, new CsvRowParser(delimiter, quotes), schema.BindCsvHeader(header));

    /// <summary>Reads <paramref name="record"/>; returns its key field's value, empty when it has none.</summary>
    public ReadOnlySpan<byte> Read(in RawRecord record)
    {
        if (record.Problem != RecordProblem.None)
        {
            throw NotAsJudged(record, record.Problem.ToString());
        }

        ReadOnlySpan<byte> content = record.Content;
        if (_csvParser is null)
        {
            return _keyField.Length == 0 ? default : content[JsonKey(record)];
        }

        string? syntax = _csvParser.TryParse(content, out CsvRow row);
        if (syntax is not null)
        {
            throw NotAsJudged(record, syntax);
        }

        return _keyColumn < 0 ? default : row[_keyColumn];
    }

    /// <summary>Writes the CSV row last read as a typed JSON object.</summary>
    public void WriteCsvRow(Utf8JsonWriter writer, in RawRecord record)
    {
        try
        {
            _csvBinder!.WriteJson(_csvParser!.LastRow, writer);
        }
        catch (InvalidOperationException invalid)
        {
            throw NotAsJudged(record, invalid.Message);
        }
    }

    // The last top-level property named as the key field, as the validator finds it: a string's still-escaped
    // content, any other value's whole text.
    private Range JsonKey(in RawRecord record)
    {
        try
        {
            var reader = new Utf8JsonReader(record.Content, _jsonOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw NotAsJudged(record, $"--key-field '{System.Text.Encoding.UTF8.GetString(_keyField)}' needs an object record");
            }

            Range key = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isKey = reader.ValueTextEquals(_keyField);
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                    if (isKey)
                    {
                        key = new Range(start, (int)reader.BytesConsumed);
                    }
                }
                else if (isKey)
                {
                    key = reader.TokenType == JsonTokenType.String
                        ? new Range(start + 1, start + 1 + reader.ValueSpan.Length)
                        : new Range(start, start + reader.ValueSpan.Length);
                }
            }

            return key;
        }
        catch (JsonException unreadable)
        {
            throw NotAsJudged(record, unreadable.Message);
        }
    }

    private ChunkDataException NotAsJudged(in RawRecord record, string why) =>
        new(_chunkId, $"record {record.Index} (line {record.Line}, byte {record.ByteOffset}) was judged valid by the split but cannot be read as such: {why}");
}
