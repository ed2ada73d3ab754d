using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;
using Parquet;
using Parquet.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Writes generated JSON Lines records as a Parquet file (Parquet.Net's writer, snappy pages) with one optional
/// column per top-level property of the schema, typed by its <c>type</c>: integer → INT64, number → DOUBLE,
/// boolean → BOOLEAN, string → STRING; row groups of a chosen size. A value that does not fit its column (an
/// invalid record's wrong type) and a line that is not a JSON object are written as nulls, so the file reads back
/// through the mapping table as the same records wherever they were valid.
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>
    /// The columns for <paramref name="schemaJson"/>'s top-level properties, typed as the validator's compiled model
    /// says (the root with its <c>$ref</c> and <c>allOf</c>); throws <see cref="ArgumentException"/> for a schema the
    /// validator refuses or a property no single column type can hold.
    /// </summary>
    public static IReadOnlyList<DataField> Columns(ReadOnlySpan<byte> schemaJson)
    {
        RecordSchema schema;
        try
        {
            schema = RecordSchema.Load(schemaJson, "generate");
        }
        catch (SchemaLoadException refused)
        {
            throw new ArgumentException($"the validator refuses the schema: {refused.Message}", nameof(schemaJson), refused);
        }

        List<SchemaNode> root = SchemaSet.Fixed(schema.Root);
        var columns = new List<DataField>();
        foreach (PropertyEntry property in ObjectShape.For(root).Entries)
        {
            if (!root.Any(node => node.Properties is { } table && table.Find(property.Name) is int index and >= 0 && table.Nodes[index] is not null))
            {
                // Named only in required: no schema of its own, so no column (as before the model was read).
                continue;
            }

            JsonTypes type = TypeOf(property);
            columns.Add(type switch
            {
                JsonTypes.Integer => new DataField<long?>(property.Name),
                JsonTypes.Number => new DataField<double?>(property.Name),
                JsonTypes.Boolean => new DataField<bool?>(property.Name),
                JsonTypes.String => new DataField<string>(property.Name, nullable: true),
                _ => throw new ArgumentException($"property '{property.Name}' is {(type is JsonTypes.Array or JsonTypes.Object ? "an " + type.ToString().ToLowerInvariant() : "of no single type")}; Parquet generation writes integer, number, boolean and string properties only"),
            });
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException("the schema has no top-level properties to make Parquet columns of");
        }

        return columns;
    }

    /// <summary>The one non-null type the property's schemas write, or <see cref="JsonTypes.None"/>.</summary>
    private static JsonTypes TypeOf(PropertyEntry property)
    {
        JsonTypes types = JsonTypes.None;
        foreach (SchemaNode node in property.Schemas.SelectMany(SchemaSet.Fixed))
        {
            if (node.Types != JsonTypes.None)
            {
                types = types == JsonTypes.None ? node.Types : types & node.Types;
            }
        }

        types &= ~JsonTypes.Null;
        return types is JsonTypes.Integer or JsonTypes.Number or JsonTypes.Boolean or JsonTypes.String or JsonTypes.Array or JsonTypes.Object ? types : JsonTypes.None;
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
}
