using Parquet.Meta;

namespace HybridBatch.Core.Parquet;

/// <summary>How a node of the file's schema becomes JSON.</summary>
internal enum ParquetShape
{
    /// <summary>A primitive column: one value by <see cref="ParquetValueMapping"/>.</summary>
    Value,

    /// <summary>A group (struct): an object with one property per child.</summary>
    Object,

    /// <summary>A LIST-annotated group: an array of its element.</summary>
    List,

    /// <summary>A MAP-annotated group: an object whose property names are the keys.</summary>
    Map,
}

/// <summary>
/// One element of a Parquet file's schema with what the Dremel levels need: the definition level at which it is
/// present and, when repeated, its repetition level. Leaves know their column's index in the row group.
/// </summary>
internal sealed class ParquetNode
{
    public required string Name { get; init; }

    public required SchemaElement Element { get; init; }

    public required ParquetShape Shape { get; init; }

    /// <summary>Definition level reached when this node is present (not null, or for repeated: at least one).</summary>
    public required int Definition { get; init; }

    /// <summary>Repetition level of this node's repetitions (meaningful when <see cref="IsRepeated"/>).</summary>
    public required int Repetition { get; init; }

    public bool IsRepeated => Element.RepetitionType == FieldRepetitionType.REPEATED;

    public bool IsOptional => Element.RepetitionType == FieldRepetitionType.OPTIONAL;

    public IReadOnlyList<ParquetNode> Children { get; init; } = [];

    /// <summary>For a leaf, its column's position among the file's leaf columns; -1 for a group.</summary>
    public int LeafIndex { get; init; } = -1;

    /// <summary>The first leaf under this node: its levels tell whether the node is present.</summary>
    public int FirstLeaf { get; init; }

    /// <summary>The leaves under this node, as [first, first + count).</summary>
    public int LeafCount { get; init; }

    /// <summary>The dotted path from the root, as errors name a column.</summary>
    public required string Path { get; init; }

    /// <summary>For <see cref="ParquetShape.List"/>: the node each array item is rendered from.</summary>
    public ParquetNode? ListRepeated { get; init; }

    /// <summary>
    /// For <see cref="ParquetShape.List"/>: true when the repeated group only wraps the element (the three-level
    /// list), so each item is the element; false when the repeated node is the item itself (legacy two-level).
    /// </summary>
    public bool ListItemIsChild { get; init; }
}
