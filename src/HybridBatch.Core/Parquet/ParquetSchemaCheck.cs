using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// What the footer alone shows the schema cannot accept, said once at the gate (naming the column) instead of once
/// per row: a required property with no column, a column the schema does not allow, or a column whose every
/// value has a JSON type the property forbids.
/// </summary>
internal static class ParquetSchemaCheck
{
    public static List<string> Check(RecordSchema schema, ParquetFile file)
    {
        var errors = new List<string>();
        SchemaNode root = schema.Root;
        if (root.RejectsAll || (root.Types != JsonTypes.None && (root.Types & JsonTypes.Object) == 0))
        {
            errors.Add($"schema '{schema.Name}' does not accept an object at its root, and each Parquet row is one");
            return errors;
        }

        PropertyTable? table = root.Properties;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParquetNode column in file.Tree.Columns)
        {
            names.Add(column.Name);
            int index = table?.Find(column.Name) ?? -1;
            SchemaNode? node = index >= 0 ? table!.Nodes[index] : root.AdditionalAllowed ? root.AdditionalSchema : null;
            if (index < 0 && !root.AdditionalAllowed)
            {
                errors.Add($"column '{column.Name}' is not a property of schema '{schema.Name}', which allows no additional properties");
                continue;
            }

            if (node is null || node.Types == JsonTypes.None && !node.RejectsAll)
            {
                continue;
            }

            JsonTypes produced = ParquetValueMapping.TypesOf(column);
            JsonTypes allowed = node.RejectsAll ? JsonTypes.None
                : node.Types | ((node.Types & JsonTypes.Number) != 0 ? JsonTypes.Integer : JsonTypes.None);
            if ((produced & allowed) == 0)
            {
                errors.Add($"column '{column.Name}' holds {Describe(produced)} in every row, which schema '{schema.Name}' forbids at {node.Location} (expected {(node.RejectsAll ? "nothing: the schema is false" : node.ExpectedText)})");
            }
        }

        if (table is not null)
        {
            foreach (int index in table.RequiredOrder)
            {
                if (!names.Contains(table.Names[index]))
                {
                    errors.Add($"the Parquet file has no column '{table.Names[index]}', a required property of schema '{schema.Name}'");
                }
            }
        }

        return errors;
    }

    private static string Describe(JsonTypes types)
    {
        var words = new List<string>();
        foreach (JsonTypes type in Enum.GetValues<JsonTypes>())
        {
            if (type != JsonTypes.None && (types & type) != 0)
            {
                words.Add(type.ToString().ToLowerInvariant());
            }
        }

        return string.Join(" or ", words);
    }
}
