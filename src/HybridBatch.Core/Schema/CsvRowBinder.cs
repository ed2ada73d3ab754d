using HybridBatch.Core.Json;
using System.Buffers;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A CSV header bound to a <see cref="RecordSchema"/>: types each field by its property's schema, validates rows
/// with the same checks as JSON records, and writes validated rows as typed JSON objects.
/// </summary>
public sealed class CsvRowBinder
{
    private const int MaxQuotedChars = 64;

    private readonly CsvColumn[] _columns;
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>
    /// Set when the schema has applicators or whole-object keywords at its root or on a column: each row is then
    /// written as its JSON object and judged by the schema's validator as a JSON record would be. Null: the fast
    /// column-by-column path, which such a schema cannot take without checking less than it says.
    /// </summary>
    private readonly RecordSchema? _wholeRowSchema;

    /// <summary>
    /// Set for a schema that checks nothing (no schema): every field is written as a string, an empty one as "",
    /// since no property declares a type or makes a column optional. Only the field count is checked.
    /// </summary>
    private readonly bool _everyFieldString;

    /// <summary>One buffer per thread for the whole-row path (a binder may be shared by the threads of a split).</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_rowJson;

    private CsvRowBinder(CsvColumn[] columns, RecordSchema? wholeRowSchema, bool everyFieldString)
    {
        _columns = columns;
        _wholeRowSchema = wholeRowSchema;
        _everyFieldString = everyFieldString;
        Columns = Array.AsReadOnly(columns.Select(c => c.Name).ToArray());
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            _indexByName[columns[i].Name] = i;
        }
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>True when rows are judged as whole JSON objects (the schema has applicators), false on the column path.</summary>
    internal bool JudgesWholeRows => _wholeRowSchema is not null;

    /// <summary>The position of column <paramref name="name"/>, or -1 when the header has no such column.</summary>
    public int ColumnIndex(string name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    /// <summary>Validates one row; null when valid, else the first error found.</summary>
    public ValidationError? Validate(CsvRow row)
    {
        if (row.Count != _columns.Length)
        {
            return new ValidationError("", $"expected {_columns.Length} fields, got {row.Count}");
        }

        if (_everyFieldString)
        {
            return null;
        }

        if (_wholeRowSchema is not null)
        {
            return ValidateWholeRow(row, _wholeRowSchema);
        }

        for (int i = 0; i < _columns.Length; i++)
        {
            CsvColumn column = _columns[i];
            ReadOnlySpan<byte> field = row[i];
            CsvValueKind kind = Classify(field, row.IsQuoted(i), column.ScalarTypes, out JsonNumber number);
            if (kind == CsvValueKind.Absent)
            {
                if (column.Required)
                {
                    return new ValidationError("", $"missing required property '{column.Name}'");
                }

                continue;
            }

            if (kind == CsvValueKind.Invalid)
            {
                return new ValidationError(column.Name, $"expected {column.ExpectedText}, got '{Quote(field)}'");
            }

            SchemaNode? node = column.Node;
            if (node is null)
            {
                continue;
            }

            if (node.RejectsAll)
            {
                return new ValidationError(column.Name, "no value is allowed here");
            }

            string? reason = kind switch
            {
                CsvValueKind.Integer or CsvValueKind.Number => node.CheckNumber(number, field),
                CsvValueKind.Boolean => node.CheckBoolean(field[0] == (byte)'t'),
                CsvValueKind.Null => node.CheckNull(),
                _ => node.ChecksStrings ? node.CheckString(field) : null,
            };
            if (reason is not null)
            {
                return new ValidationError(column.Name, reason) { PatternTimedOut = node.IsPatternTimeout(reason) };
            }
        }

        return null;
    }

    /// <summary>
    /// The row as the JSON object the CSV mapping defines (each field typed by its column), judged by the schema's
    /// validator. A field that fits none of its column's types is rejected as on the fast path.
    /// </summary>
    private ValidationError? ValidateWholeRow(CsvRow row, RecordSchema schema)
    {
        for (int i = 0; i < _columns.Length; i++)
        {
            CsvColumn column = _columns[i];
            if (Classify(row[i], row.IsQuoted(i), column.ScalarTypes, out _) == CsvValueKind.Invalid)
            {
                return new ValidationError(column.Name, $"expected {column.ExpectedText}, got '{Quote(row[i])}'");
            }
        }

        ArrayBufferWriter<byte> buffer = t_rowJson ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, MinimalJsonEncoder.WriterOptions))
        {
            WriteJson(row, writer);
        }

        return schema.ValidateJson(buffer.WrittenSpan);
    }

    /// <summary>Writes a row that passed <see cref="Validate"/> as a JSON object, leaving out absent fields.</summary>
    public void WriteJson(CsvRow row, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (row.Count != _columns.Length)
        {
            throw new InvalidOperationException($"Row has {row.Count} fields but the header has {_columns.Length}; validate rows first.");
        }

        writer.WriteStartObject();
        for (int i = 0; i < _columns.Length; i++)
        {
            CsvColumn column = _columns[i];
            ReadOnlySpan<byte> field = row[i];
            if (_everyFieldString)
            {
                writer.WritePropertyName(column.EncodedName);
                writer.WriteStringValue(field);
                continue;
            }

            CsvValueKind kind = Classify(field, row.IsQuoted(i), column.ScalarTypes, out _);
            switch (kind)
            {
                case CsvValueKind.Absent:
                    continue;
                case CsvValueKind.Invalid:
                    throw new InvalidOperationException($"Column '{column.Name}' does not hold a {column.ExpectedText}; validate rows first.");
            }

            writer.WritePropertyName(column.EncodedName);
            switch (kind)
            {
                case CsvValueKind.Integer:
                case CsvValueKind.Number:
                    // Classify checked the JSON number grammar, so the text is written as is (no float round trip).
                    writer.WriteRawValue(field, skipInputValidation: true);
                    break;
                case CsvValueKind.Boolean:
                    writer.WriteBooleanValue(field[0] == (byte)'t');
                    break;
                case CsvValueKind.Null:
                    writer.WriteNullValue();
                    break;
                default:
                    writer.WriteStringValue(field);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    internal static CsvRowBinder Create(RecordSchema schema, IReadOnlyList<string> header)
    {
        if (schema.ConstrainsNothing)
        {
            return new CsvRowBinder(UntypedColumns(header), wholeRowSchema: null, everyFieldString: true);
        }

        SchemaNode root = schema.Root;
        // The declaration may sit behind a root $ref or in allOf members ({"$ref": "#/$defs/row"}).
        if (root.Types != JsonTypes.Object && CsvColumnTypes.OfValue(root) != JsonTypes.Object)
        {
            throw new SchemaMismatchException(
                $"Schema '{schema.Name}' cannot validate CSV: its root must be declared \"type\": \"object\".");
        }

        // Applicators and whole-object keywords need the row as one JSON value: such a schema judges each row's
        // object (ValidateWholeRow); the others keep the column-by-column path.
        bool wholeRow = root.Compound is not null;
        PropertyTable? table = root.Properties;
        var columns = new CsvColumn[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i];
            if (!seen.Add(name))
            {
                throw new SchemaMismatchException($"CSV header lists column '{name}' more than once.");
            }

            int index = table?.Find(name) ?? -1;
            SchemaNode? node;
            if (index >= 0 && table!.Nodes[index] is { } propertyNode)
            {
                node = propertyNode;
            }
            else if (root.AdditionalAllowed)
            {
                node = root.AdditionalSchema;
            }
            else
            {
                throw new SchemaMismatchException(
                    $"CSV column '{name}' is not a property of schema '{schema.Name}', which allows no additional properties.");
            }

            bool required = index >= 0 && (table!.RequiredMask[index >> 6] & (1UL << (index & 63))) != 0;
            columns[i] = BindColumn(schema, root, name, node, required, ref wholeRow);
        }

        if (table is not null)
        {
            foreach (int index in table.RequiredOrder)
            {
                if (!seen.Contains(table.Names[index]))
                {
                    throw new SchemaMismatchException(
                        $"CSV header has no column '{table.Names[index]}', a required property of schema '{schema.Name}'.");
                }
            }
        }

        return new CsvRowBinder(columns, wholeRow ? schema : null, everyFieldString: false);
    }

    // The header's names, each once (a JSON object with a name twice would be read differently by different consumers).
    private static CsvColumn[] UntypedColumns(IReadOnlyList<string> header)
    {
        var columns = new CsvColumn[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            if (!seen.Add(header[i]))
            {
                throw new SchemaMismatchException($"CSV header lists column '{header[i]}' more than once.");
            }

            columns[i] = new CsvColumn(header[i], node: null, required: false);
        }

        return columns;
    }

    private static CsvColumn BindColumn(RecordSchema schema, SchemaNode root, string name, SchemaNode? node, bool required, ref bool wholeRow)
    {
        wholeRow |= node?.Compound is not null;
        JsonTypes declared = node?.Types ?? JsonTypes.None;
        bool named = node is not null;
        if (root.Compound is not null || node?.Compound is not null)
        {
            // The column's type may be declared behind $ref, in allOf members, in every anyOf/oneOf branch or by a pattern.
            declared = CsvColumnTypes.Of(root, name, out bool mentioned);
            named |= mentioned;
        }

        if ((declared & (JsonTypes.Object | JsonTypes.Array)) != 0)
        {
            throw new SchemaMismatchException(
                $"CSV column '{name}' is an object or array in schema '{schema.Name}'{(node is null ? "" : $" at {node.Location}")}, which a CSV field cannot hold.");
        }

        return new CsvColumn(name, node ?? (named ? SchemaNode.Any : null), required, declared);
    }

    /// <summary>Types one field, trying the allowed types in the order integer, number, boolean, null, string.</summary>
    private static CsvValueKind Classify(ReadOnlySpan<byte> field, bool quoted, JsonTypes types, out JsonNumber number)
    {
        number = default;
        if (field.IsEmpty && !quoted)
        {
            return (types & JsonTypes.Null) != 0 ? CsvValueKind.Null : CsvValueKind.Absent;
        }

        if ((types & (JsonTypes.Integer | JsonTypes.Number)) != 0 && JsonNumber.IsValidText(field))
        {
            number = JsonNumber.Parse(field);
            if ((types & JsonTypes.Integer) != 0 && number.IsIntegral)
            {
                return CsvValueKind.Integer;
            }

            if ((types & JsonTypes.Number) != 0)
            {
                return CsvValueKind.Number;
            }
        }

        if ((types & JsonTypes.Boolean) != 0 && (field.SequenceEqual("true"u8) || field.SequenceEqual("false"u8)))
        {
            return CsvValueKind.Boolean;
        }

        if ((types & JsonTypes.Null) != 0 && !quoted && field.SequenceEqual("null"u8))
        {
            return CsvValueKind.Null;
        }

        return (types & JsonTypes.String) != 0 ? CsvValueKind.String : CsvValueKind.Invalid;
    }

    private static string Quote(ReadOnlySpan<byte> field)
    {
        string text = Encoding.UTF8.GetString(field);
        return text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), "...");
    }
}
