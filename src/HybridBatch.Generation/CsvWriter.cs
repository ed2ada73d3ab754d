using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Writes a header row and one row per record, <c>\n</c>-terminated, with RFC 4180 quoting. Optional
/// properties that cannot be a single cell (arrays, objects) are left out; required ones are an error.
/// </summary>
internal sealed class CsvWriter : RecordWriter
{
    private static readonly byte[] s_extraField = "extra"u8.ToArray();

    private readonly CsvColumn[] _columns;
    private readonly byte _delimiter;
    private readonly bool _includeOptional;
    private readonly ValueBuffer _scratch = new();

    public CsvWriter(SchemaNode root, ValueGenerator values, bool includeOptional, byte delimiter)
        : base(values)
    {
        _delimiter = delimiter;
        _includeOptional = includeOptional;
        PropertyEntry[] entries = ObjectShape.For(SchemaSet.Fixed(root)).Entries;
        if (entries.Length == 0)
        {
            throw new ArgumentException($"Cannot generate CSV for the schema at {root.Location}: it declares no properties to make columns of.");
        }

        var columns = new List<CsvColumn>();
        foreach (PropertyEntry entry in entries)
        {
            if (ToColumn(entry, values) is { } column)
            {
                columns.Add(column);
            }
        }

        _columns = [.. columns];
        Plan = CorruptionPlanner.ForCsv(_columns, delimiter);
    }

    public override CorruptionPlan Plan { get; }

    public override void WriteHeader(OutputBuffer output)
    {
        for (var j = 0; j < _columns.Length; j++)
        {
            if (j > 0)
            {
                output.WriteByte(_delimiter);
            }

            CsvText.WriteString(_columns[j].Entry.Utf8Name, _delimiter, output);
        }

        output.WriteByte((byte)'\n');
    }

    public override void WriteRecord(OutputBuffer output, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser)
    {
        Values.BeginRecord();
        var target = corruption?.Property ?? -1;
        for (var j = 0; j < _columns.Length; j++)
        {
            if (j > 0)
            {
                output.WriteByte(_delimiter);
            }

            var column = _columns[j];
            var include = column.Entry.Required || (_includeOptional && values.NextBool());
            if (j == target)
            {
                // Empty for a missing required value, which leaves the cell empty and unquoted.
                output.Write(corruption!.Value.Replacement);
            }
            else if (include)
            {
                WriteCell(column, output, ref values);
            }
        }

        if (corruption is { Kind: CorruptionKind.FieldCount })
        {
            output.WriteByte(_delimiter);
            output.Write(s_extraField);
        }

        output.WriteByte((byte)'\n');
    }

    private void WriteCell(CsvColumn column, OutputBuffer output, ref SplitMix64 values)
    {
        if (column.Values is { } allowed)
        {
            var value = allowed.Length == 1 ? allowed[0] : allowed[values.Next(allowed.Length)];
            if (value.Kind == System.Text.Json.JsonValueKind.String)
            {
                CsvText.WriteString(value.Utf8, _delimiter, output);
            }
            else if (value.Kind != System.Text.Json.JsonValueKind.Null)
            {
                output.Write(System.Text.Encoding.UTF8.GetBytes(value.RawText));
            }

            return;
        }

        var kind = ValueGenerator.PickKind(column.Choices, column.NullAllowed, ref values);
        if (kind == JsonTypes.Null)
        {
            return;
        }

        // Branch choices (anyOf, oneOf) are made per cell; the record check judges the row.
        ValueShape shape = column.Entry.Schemas.Length == 0 ? column.Shape : Values.ShapeOf(column.Entry.Schemas, ref values).Shape;
        _scratch.Clear();
        Values.WriteScalar(shape, kind, ref values, _scratch, attempt: 0);
        if (kind == JsonTypes.String)
        {
            CsvText.WriteString(_scratch.Written, _delimiter, output);
        }
        else
        {
            output.Write(_scratch.Written);
        }
    }

    private static CsvColumn? ToColumn(PropertyEntry entry, ValueGenerator values)
    {
        var random = new SplitMix64(0);
        ValueShape shape = values.ShapeOf(entry.Schemas.Length == 0 ? values.Single(SchemaNode.Any) : entry.Schemas, ref random).Shape;
        var scalarKinds = JsonTypes.Boolean | JsonTypes.Integer | JsonTypes.Number | JsonTypes.String;
        var scalarValues = shape.Values?.Where(v => v.Kind is not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array)
            && !(entry.Required && v.Kind == System.Text.Json.JsonValueKind.Null)).ToArray();
        var choices = shape.Choices.Where(k => (k & scalarKinds) != 0).ToArray();
        var nullAllowed = shape.NullAllowed && !entry.Required;
        var usable = scalarValues is null ? choices.Length > 0 || nullAllowed : scalarValues.Length > 0;
        if (usable)
        {
            return new CsvColumn(entry, shape, choices, scalarValues, nullAllowed);
        }

        if (entry.Required)
        {
            throw new ArgumentException(
                $"Cannot generate CSV for the schema: required property '{entry.Name}' has no value a CSV cell can hold.");
        }

        return null;
    }
}
