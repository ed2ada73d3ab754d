using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Writes generated JSON Lines records as a Parquet file (Parquet.Net's writer, snappy pages) with one optional
/// column per top-level property of the schema, typed by its <c>type</c>: integer → INT64, number → DOUBLE,
/// boolean → BOOLEAN, string → STRING; row groups of a chosen size. A value that does not fit its column (an
/// invalid record's wrong type) and a line that is not a JSON object are written as nulls, so the file reads back
/// through the mapping table as the same records wherever they were valid.
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>Reads the columns from <paramref name="schemaJson"/>; throws <see cref="ArgumentException"/> for a property it cannot hold.</summary>
    public static IReadOnlyList<DataField> Columns(ReadOnlySpan<byte> schemaJson)
    {
        using JsonDocument schema = JsonDocument.Parse(schemaJson.ToArray());
        var columns = new List<DataField>();
        if (!schema.RootElement.TryGetProperty("properties", out JsonElement properties) || properties.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("the schema has no top-level properties to make Parquet columns of");
        }

        foreach (JsonProperty property in properties.EnumerateObject())
        {
            string type = TypeOf(property.Value);
            columns.Add(type switch
            {
                "integer" => new DataField<long?>(property.Name),
                "number" => new DataField<double?>(property.Name),
                "boolean" => new DataField<bool?>(property.Name),
                "string" => new DataField<string>(property.Name, nullable: true),
                _ => throw new ArgumentException($"property '{property.Name}' is {(type.Length == 0 ? "of no single type" : "an " + type)}; Parquet generation writes integer, number, boolean and string properties only"),
            });
        }

        return columns;
    }

    /// <summary>Converts every line of <paramref name="jsonLines"/> into rows of <paramref name="output"/>; returns the rows written.</summary>
    public static async Task<long> WriteAsync(Stream jsonLines, IReadOnlyList<DataField> columns, Stream output, int rowGroupRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        long rows = 0;
        var group = new List<JsonElement?>(rowGroupRows);
        using var reader = new StreamReader(jsonLines, Encoding.UTF8, leaveOpen: true);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns), output, cancellationToken: cancellationToken).ConfigureAwait(false);
        var documents = new List<JsonDocument>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
        {
            JsonElement? record = null;
            try
            {
                JsonDocument document = JsonDocument.Parse(line);
                documents.Add(document);
                record = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : null;
            }
            catch (JsonException)
            {
                // A corrupted record (invalid JSON): a row of nulls.
            }

            group.Add(record);
            if (group.Count == rowGroupRows)
            {
                await WriteGroupAsync(writer, columns, group, cancellationToken).ConfigureAwait(false);
                rows += group.Count;
                group.Clear();
                documents.ForEach(d => d.Dispose());
                documents.Clear();
            }
        }

        if (group.Count > 0)
        {
            await WriteGroupAsync(writer, columns, group, cancellationToken).ConfigureAwait(false);
            rows += group.Count;
        }

        documents.ForEach(d => d.Dispose());
        return rows;
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, IReadOnlyList<DataField> columns, List<JsonElement?> group, CancellationToken cancellationToken)
    {
        using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
        foreach (DataField column in columns)
        {
            switch (column)
            {
                case DataField<long?> integer:
                    await rowGroup.WriteAsync(integer, group.Select(r => Value(r, column.Name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out long l) ? l : (long?)null).ToArray().AsReadOnlyMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case DataField<double?> number:
                    await rowGroup.WriteAsync(number, group.Select(r => Value(r, column.Name) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out double d) ? d : (double?)null).ToArray().AsReadOnlyMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case DataField<bool?> boolean:
                    await rowGroup.WriteAsync(boolean, group.Select(r => Value(r, column.Name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : (bool?)null).ToArray().AsReadOnlyMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await rowGroup.WriteAsync(column, group.Select(r => Value(r, column.Name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null).ToArray()).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static ReadOnlyMemory<T> AsReadOnlyMemory<T>(this T[] values) => values;

    private static JsonElement? Value(JsonElement? record, string name) =>
        record is { } r && r.TryGetProperty(name, out JsonElement value) ? value : null;

    /// <summary>The property's one non-null type ("" when it has none or several).</summary>
    private static string TypeOf(JsonElement property)
    {
        if (!property.TryGetProperty("type", out JsonElement type))
        {
            return "";
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString()!;
        }

        string[] named = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String && t.GetString() != "null").Select(t => t.GetString()!).ToArray()
            : [];
        return named.Length == 1 ? named[0] : "";
    }
}
