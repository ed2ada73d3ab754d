using System.Buffers;
using System.Text.Json;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// Puts a row group's rows back together from their leaf columns (the Dremel definition and repetition levels)
/// and writes each as one JSON object: the columns in file order, nulls as null, groups as objects, lists as
/// arrays, maps as objects. A row whose levels do not line up across columns is a damaged file, never a row.
/// </summary>
internal sealed class ParquetRowAssembler
{
    private readonly ParquetSchemaTree _tree;
    private readonly ParquetColumnData[] _columns;
    private readonly ArrayBufferWriter<byte> _keyScratch = new(64);
    private string? _problem;

    public ParquetRowAssembler(ParquetSchemaTree tree, ParquetColumnData[] columns)
    {
        _tree = tree;
        _columns = columns;
    }

    /// <summary>
    /// Writes the next row; returns the first reason JSON cannot hold one of its values (the row is then written
    /// with a bare non-JSON token in that place), or null.
    /// </summary>
    public string? WriteRow(Utf8JsonWriter writer)
    {
        _problem = null;
        writer.WriteStartObject();
        foreach (ParquetNode column in _tree.Columns)
        {
            writer.WritePropertyName(column.Name);
            WriteNode(writer, column);
        }

        writer.WriteEndObject();
        foreach (ParquetColumnData column in _columns)
        {
            if (column.RepetitionAt(column.Position) != 0)
            {
                throw new ParquetLayoutException("a row ends in one column where another goes on (repetition levels do not line up)");
            }
        }

        return _problem;
    }

    /// <summary>True when every column is used up: the row group's rows are all written.</summary>
    public bool AllColumnsAtEnd => _columns.All(c => c.AtEnd);

    private void WriteNode(Utf8JsonWriter writer, ParquetNode node)
    {
        if (node.IsRepeated)
        {
            // A repeated field outside a LIST annotation is an array of its repetitions.
            writer.WriteStartArray();
            WriteRepetitions(writer, node, itemIsChild: false);
            writer.WriteEndArray();
            return;
        }

        if (Column(node.FirstLeaf).Definition < node.Definition)
        {
            writer.WriteNullValue();
            SkipEntry(node);
            return;
        }

        WritePresent(writer, node);
    }

    private void WritePresent(Utf8JsonWriter writer, ParquetNode node)
    {
        switch (node.Shape)
        {
            case ParquetShape.Value:
                ParquetColumnData column = Column(node.LeafIndex);
                Note(ParquetValueMapping.Write(writer, node, column.Values, CheckedValueIndex(node, column)));
                column.Advance();
                break;
            case ParquetShape.Object:
                writer.WriteStartObject();
                foreach (ParquetNode child in node.Children)
                {
                    writer.WritePropertyName(child.Name);
                    WriteNode(writer, child);
                }

                writer.WriteEndObject();
                break;
            case ParquetShape.List:
                writer.WriteStartArray();
                WriteRepetitions(writer, node.ListRepeated!, node.ListItemIsChild);
                writer.WriteEndArray();
                break;
            case ParquetShape.Map:
                writer.WriteStartObject();
                WriteMapEntries(writer, node.Children[0]);
                writer.WriteEndObject();
                break;
        }
    }

    private void WriteRepetitions(Utf8JsonWriter writer, ParquetNode repeated, bool itemIsChild)
    {
        ParquetColumnData first = Column(repeated.FirstLeaf);
        if (first.Definition < repeated.Definition)
        {
            // No repetitions: one entry per leaf says so.
            SkipEntry(repeated);
            return;
        }

        do
        {
            if (itemIsChild)
            {
                WriteNode(writer, repeated.Children[0]);
            }
            else
            {
                WritePresent(writer, repeated);
            }
        }
        while (first.RepetitionAt(first.Position) == repeated.Repetition && !first.AtEnd);
    }

    private void WriteMapEntries(Utf8JsonWriter writer, ParquetNode keyValue)
    {
        ParquetColumnData first = Column(keyValue.FirstLeaf);
        if (first.Definition < keyValue.Definition)
        {
            SkipEntry(keyValue);
            return;
        }

        ParquetNode key = keyValue.Children[0];
        do
        {
            ParquetColumnData keyColumn = Column(key.LeafIndex);
            if (keyColumn.Definition < key.Definition)
            {
                throw new ParquetLayoutException($"column '{key.Path}': a map key is null");
            }

            Note(ParquetValueMapping.WriteKey(writer, key, keyColumn.Values, CheckedValueIndex(key, keyColumn), _keyScratch));
            keyColumn.Advance();
            if (keyValue.Children.Count == 2)
            {
                WriteNode(writer, keyValue.Children[1]);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        while (first.RepetitionAt(first.Position) == keyValue.Repetition && !first.AtEnd);
    }

    /// <summary>Moves every leaf under <paramref name="node"/> past the one entry that says the node is null or empty.</summary>
    private void SkipEntry(ParquetNode node)
    {
        for (int leaf = node.FirstLeaf; leaf < node.FirstLeaf + node.LeafCount; leaf++)
        {
            Column(leaf).Advance();
        }
    }

    private ParquetColumnData Column(int leaf)
    {
        ParquetColumnData column = _columns[leaf];
        if (column.AtEnd)
        {
            throw new ParquetLayoutException($"column '{_tree.Leaves[leaf].Path}' ends before the row group's last row");
        }

        return column;
    }

    private static int CheckedValueIndex(ParquetNode leaf, ParquetColumnData column)
    {
        int index = column.ValueIndex;
        if (index >= column.ValueCount)
        {
            throw new ParquetLayoutException($"column '{leaf.Path}' has fewer values than its definition levels say");
        }

        return index;
    }

    private void Note(string? problem) => _problem ??= problem;
}
