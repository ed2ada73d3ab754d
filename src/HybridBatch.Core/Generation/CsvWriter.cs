namespace HybridBatch.Core.Generation;

/// <summary>
/// Writes a header row and one row per record, <c>\n</c>-terminated, with RFC 4180 quoting. Optional
/// properties that cannot be a single cell (arrays, objects) are left out; required ones are an error.
/// </summary>
internal sealed class CsvWriter : RecordWriter
{
    private static readonly byte[] s_extraField = "extra"u8.ToArray();

    private readonly CsvColumn[] _columns;
    private readonly byte _delimiter;

    public CsvWriter(SchemaNode root, bool includeOptional, byte delimiter)
        : base(includeOptional)
    {
        _delimiter = delimiter;
        var columns = new List<CsvColumn>();
        foreach (var property in root.Properties)
        {
            var column = ToColumn(property);
            if (column is not null)
            {
                columns.Add(column);
            }
        }

        _columns = [.. columns];
        Plan = CorruptionPlanner.ForCsv([.. _columns.Select(c => c.Property)], delimiter);
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

            CsvText.WriteString(_columns[j].Property.Utf8Name, _delimiter, output);
        }

        output.WriteByte((byte)'\n');
    }

    public override void WriteRecord(OutputBuffer output, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser)
    {
        var target = corruption?.Property ?? -1;
        for (var j = 0; j < _columns.Length; j++)
        {
            if (j > 0)
            {
                output.WriteByte(_delimiter);
            }

            var column = _columns[j];
            var include = column.Property.Required || (IncludeOptional && values.NextBool());
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
        if (column.Enum is { } allowed)
        {
            var value = PickValue(allowed, ref values);
            if (value.Kind == JsonKinds.String)
            {
                CsvText.WriteString(value.Text, _delimiter, output);
            }
            else
            {
                output.Write(value.Text);
            }

            return;
        }

        var kind = PickKind(column.Choices, column.NullAllowed, ref values);
        if (kind == JsonKinds.Null)
        {
            return;
        }

        Scratch.Clear();
        ValueGenerator.WriteScalar(column.Property.Schema, kind, ref values, Scratch);
        if (kind == JsonKinds.String)
        {
            CsvText.WriteString(Scratch.Written, _delimiter, output);
        }
        else
        {
            output.Write(Scratch.Written);
        }
    }

    private static CsvColumn? ToColumn(PropertyNode property)
    {
        var node = property.Schema;
        var scalarKinds = JsonKinds.Boolean | JsonKinds.Integer | JsonKinds.Number | JsonKinds.String;
        var enumValues = node.Enum?.Where(v => (v.Kind & JsonKinds.Scalars) != 0 && !(property.Required && v.Kind == JsonKinds.Null)).ToArray();
        var choices = node.Choices.Where(k => (k & scalarKinds) != 0).ToArray();
        var nullAllowed = node.Has(JsonKinds.Null) && !property.Required;
        var usable = enumValues is null ? choices.Length > 0 || nullAllowed : enumValues.Length > 0;
        if (usable)
        {
            return new CsvColumn(property, choices, enumValues, nullAllowed);
        }

        if (property.Required)
        {
            throw new ArgumentException(
                $"Cannot generate CSV for the schema at {node.Path}: required property '{property.Name}' has no value a CSV cell can hold.");
        }

        return null;
    }
}
