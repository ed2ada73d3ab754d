using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Judges each generated record with the validator itself (the compiled <see cref="RecordSchema"/>, the one model the
/// split and the workers use), so a record the generator labels valid is one the run will publish and a corrupted one
/// is one it will reject; the generator's own reading of the schema can never make the labels lie.
/// </summary>
internal sealed class GeneratedRecordCheck
{
    private readonly RecordSchema _schema;
    private readonly CsvRowParser? _csv;
    private CsvRowBinder? _binder;

    public GeneratedRecordCheck(RecordSchema schema, GeneratorOptions options)
    {
        _schema = schema;
        _csv = options.Format == RecordFormat.Csv ? new CsvRowParser(options.Delimiter, CsvQuotes.Lenient) : null;
    }

    /// <summary>Reads the CSV header line (without its line end) as the split would, to bind columns to the schema.</summary>
    public void UseHeader(ReadOnlySpan<byte> header)
    {
        if (_csv is null)
        {
            return;
        }

        if (_csv.TryParse(header, out CsvRow row) is string malformed)
        {
            throw new InvalidOperationException($"the generated CSV header does not parse: {malformed}");
        }

        var names = new List<string>(row.Count);
        for (int i = 0; i < row.Count; i++)
        {
            names.Add(System.Text.Encoding.UTF8.GetString(row[i]));
        }

        _binder = _schema.BindCsvHeader(names);
    }

    /// <summary>Why the validator rejects <paramref name="record"/> (no line end), or null when it accepts it.</summary>
    public string? Reject(ReadOnlySpan<byte> record)
    {
        if (_csv is null)
        {
            return _schema.ValidateJson(record)?.ToString();
        }

        if (_csv.TryParse(record, out CsvRow row) is string malformed)
        {
            return malformed;
        }

        return _binder!.Validate(row)?.ToString();
    }
}
