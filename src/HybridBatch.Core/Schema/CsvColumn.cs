using HybridBatch.Core.Json;
using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>One bound CSV column: its property schema and how its text may be typed.</summary>
internal sealed class CsvColumn
{
    public CsvColumn(string name, SchemaNode? node, bool required)
        : this(name, node, required, node?.Types ?? JsonTypes.None)
    {
    }

    /// <summary>A column whose types were found through applicators (<see cref="CsvColumnTypes"/>), not only on its node.</summary>
    public CsvColumn(string name, SchemaNode? node, bool required, JsonTypes declaredTypes)
    {
        Name = name;
        EncodedName = JsonEncodedText.Encode(name, MinimalJsonEncoder.Instance);
        Node = node;
        Required = required;
        _expectedText = node is not null && node.Types == declaredTypes ? node.ExpectedText : CsvColumnTypes.Describe(declaredTypes);

        // Columns without a schema stay plain strings. An untyped property may hold any scalar, but null is only
        // inferred when the schema names it, so an empty or "null" cell in an untyped column is not turned into null.
        ScalarTypes = node is null && declaredTypes == JsonTypes.None
            ? JsonTypes.String
            : declaredTypes == JsonTypes.None
                ? JsonTypes.Integer | JsonTypes.Number | JsonTypes.Boolean | JsonTypes.String
                : declaredTypes;
    }

    private readonly string _expectedText;

    public string Name { get; }

    public JsonEncodedText EncodedName { get; }

    /// <summary>The schema checking this column; null for an extra column nothing constrains.</summary>
    public SchemaNode? Node { get; }

    public bool Required { get; }

    /// <summary>The types a field may be read as, tried in the order integer, number, boolean, null, string.</summary>
    public JsonTypes ScalarTypes { get; }

    /// <summary>For messages about fields that fit no allowed type.</summary>
    public string ExpectedText => _expectedText.Length > 0 ? _expectedText : "string";
}
