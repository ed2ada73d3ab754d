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

    private CsvRowBinder(CsvColumn[] columns)
    {
        _columns = columns;
        Columns = Array.AsReadOnly(columns.Select(c => c.Name).ToArray());
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            _indexByName[columns[i].Name] = i;
        }
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>The position of column <paramref name="name"/>, or -1 when the header has no such column.</summary>
    public int ColumnIndex(string name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    /// <summary>Validates one row; null when valid, else the first error found.</summary>
    public ValidationError? Validate(CsvRow row)
    {
        if (row.Count != _columns.Length)
        {
            return new ValidationError("", $"expected {_columns.Length} fields, got {row.Count}");
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
        SchemaNode root = schema.Root;
        if (root.Types != JsonTypes.Object)
        {
            throw new SchemaMismatchException(
                $"Schema '{schema.Name}' cannot validate CSV: its root must be declared \"type\": \"object\".");
        }

        // A CSV row is checked column by column; applicators and whole-object keywords would need the row as one
        // JSON value. Refused rather than skipped, so nothing the schema forbids gets through.
        if (root.Compound is not null)
        {
            throw new SchemaMismatchException(
                $"Schema '{schema.Name}' cannot validate CSV: its root uses applicator or whole-object keywords ($ref, allOf, anyOf, oneOf, not, if, patternProperties, propertyNames, min/maxProperties, dependent*, unevaluated*), which CSV input does not support.");
        }

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

            if (node is not null && (node.Types & (JsonTypes.Object | JsonTypes.Array)) != 0)
            {
                throw new SchemaMismatchException(
                    $"CSV column '{name}' is an object or array in schema '{schema.Name}', which a CSV field cannot hold.");
            }

            if (node?.Compound is not null)
            {
                throw new SchemaMismatchException(
                    $"CSV column '{name}' uses applicator or whole-value keywords at {node.Location} in schema '{schema.Name}' ($ref, allOf, anyOf, oneOf, not, if, multipleOf, ...), which CSV input does not support.");
            }

            bool required = index >= 0 && (table!.RequiredMask[index >> 6] & (1UL << (index & 63))) != 0;
            columns[i] = new CsvColumn(name, node, required);
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

        return new CsvRowBinder(columns);
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
