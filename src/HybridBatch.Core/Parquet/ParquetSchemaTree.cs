using Parquet.Meta;
using Parquet.Schema;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// The file's schema as a tree of <see cref="ParquetNode"/>s, read from the footer's flat list of schema elements,
/// and the fields that read each leaf column in its physical type (so timestamps keep their nanoseconds and
/// decimals their digits: the mapping to JSON is ours, the page decoding Parquet.Net's).
/// </summary>
internal sealed class ParquetSchemaTree
{
    private ParquetSchemaTree(IReadOnlyList<ParquetNode> columns, IReadOnlyList<ParquetNode> leaves, IReadOnlyList<DataField> physicalFields)
    {
        Columns = columns;
        Leaves = leaves;
        PhysicalFields = physicalFields;
    }

    /// <summary>The top-level columns, in file order: the properties of each row's JSON object.</summary>
    public IReadOnlyList<ParquetNode> Columns { get; }

    /// <summary>The leaf columns in file order (the order of a row group's column chunks).</summary>
    public IReadOnlyList<ParquetNode> Leaves { get; }

    /// <summary>Per leaf, the field that reads it as its physical type.</summary>
    public IReadOnlyList<DataField> PhysicalFields { get; }

    /// <summary>Builds the tree; throws <see cref="ParquetLayoutException"/> for a schema it cannot map.</summary>
    public static ParquetSchemaTree Build(IReadOnlyList<SchemaElement> elements, IReadOnlyList<DataField> libraryFields)
    {
        if (elements.Count == 0)
        {
            throw new ParquetLayoutException("the footer has no schema");
        }

        var builder = new Builder(elements);
        int rootChildren = elements[0].NumChildren ?? 0;
        var columns = new ParquetNode[rootChildren];
        var mirrors = new Field[rootChildren];
        for (int i = 0; i < rootChildren; i++)
        {
            (columns[i], mirrors[i]) = builder.Read("", parentDefinition: 0, parentRepetition: 0);
        }

        if (builder.Next != elements.Count)
        {
            throw new ParquetLayoutException($"the footer's schema has {elements.Count - builder.Next} elements outside its root");
        }

        // Attaching the mirrors to a schema gives them the paths the column chunks are found by; the levels are
        // then set from the file's own fields, whatever shape the mirror groups have.
        _ = new ParquetSchema(mirrors);
        if (libraryFields.Count != builder.PhysicalFields.Count)
        {
            throw new ParquetLayoutException($"the schema has {builder.PhysicalFields.Count} leaf columns but the reader found {libraryFields.Count}");
        }

        for (int i = 0; i < libraryFields.Count; i++)
        {
            PhysicalField mirror = builder.PhysicalFields[i];
            if (!mirror.Path.Equals(libraryFields[i].Path))
            {
                throw new ParquetLayoutException($"leaf column {i} is '{libraryFields[i].Path}' to the reader but '{mirror.Path}' in the footer");
            }

            mirror.TakeLevels(libraryFields[i]);
        }

        return new ParquetSchemaTree(columns, builder.Leaves, builder.PhysicalFields);
    }

    private sealed class Builder(IReadOnlyList<SchemaElement> elements)
    {
        public int Next { get; private set; } = 1;

        public List<ParquetNode> Leaves { get; } = [];

        public List<PhysicalField> PhysicalFields { get; } = [];

        public (ParquetNode Node, Field Mirror) Read(string parentPath, int parentDefinition, int parentRepetition)
        {
            if (Next >= elements.Count)
            {
                throw new ParquetLayoutException("the footer's schema ends inside a group");
            }

            SchemaElement element = elements[Next++];
            string path = parentPath.Length == 0 ? element.Name : parentPath + "." + element.Name;
            FieldRepetitionType repetition = element.RepetitionType ?? FieldRepetitionType.REQUIRED;
            int definition = parentDefinition + (repetition == FieldRepetitionType.REQUIRED ? 0 : 1);
            int repetitionLevel = parentRepetition + (repetition == FieldRepetitionType.REPEATED ? 1 : 0);
            int childCount = element.NumChildren ?? 0;
            if (childCount == 0 && element.Type is null)
            {
                throw new ParquetLayoutException($"column '{path}' is a group with no children");
            }

            if (element.Type is not null && childCount == 0)
            {
                int leafIndex = Leaves.Count;
                var mirror = new PhysicalField(element.Name, PhysicalClrType(element, path), repetition != FieldRepetitionType.REQUIRED);
                var leaf = new ParquetNode
                {
                    Name = element.Name,
                    Element = element,
                    Shape = ParquetShape.Value,
                    Definition = definition,
                    Repetition = repetitionLevel,
                    LeafIndex = leafIndex,
                    FirstLeaf = leafIndex,
                    LeafCount = 1,
                    Path = path,
                };
                ParquetValueMapping.EnsureSupported(leaf);
                Leaves.Add(leaf);
                PhysicalFields.Add(mirror);
                return (leaf, mirror);
            }

            int firstLeaf = Leaves.Count;
            var children = new ParquetNode[childCount];
            var childMirrors = new Field[childCount];
            for (int i = 0; i < childCount; i++)
            {
                (children[i], childMirrors[i]) = Read(path, definition, repetitionLevel);
            }

            ParquetShape shape = ShapeOf(element);
            ParquetNode? listRepeated = null;
            bool itemIsChild = false;
            if (shape == ParquetShape.List)
            {
                if (children.Length != 1 || !children[0].IsRepeated)
                {
                    throw new ParquetLayoutException($"column '{path}' is annotated LIST but does not hold one repeated field");
                }

                listRepeated = children[0];
                // The three-level list wraps each element in a repeated group of one field; the legacy forms
                // ("array", "<name>_tuple", or a group of several fields) are the item themselves.
                itemIsChild = listRepeated.Shape == ParquetShape.Object && listRepeated.Children.Count == 1
                    && listRepeated.Name != "array" && listRepeated.Name != element.Name + "_tuple";
            }
            else if (shape == ParquetShape.Map)
            {
                if (children.Length != 1 || !children[0].IsRepeated || children[0].Children.Count is < 1 or > 2
                    || children[0].Children[0].Shape != ParquetShape.Value)
                {
                    throw new ParquetLayoutException($"column '{path}' is annotated MAP but does not hold one repeated group of a primitive key and a value");
                }
            }

            var group = new ParquetNode
            {
                Name = element.Name,
                Element = element,
                Shape = shape,
                Definition = definition,
                Repetition = repetitionLevel,
                Children = children,
                FirstLeaf = firstLeaf,
                LeafCount = Leaves.Count - firstLeaf,
                Path = path,
                ListRepeated = listRepeated,
                ListItemIsChild = itemIsChild,
            };
            return (group, new StructField(element.Name, childMirrors));
        }

        private static ParquetShape ShapeOf(SchemaElement element)
        {
            if (element.LogicalType?.LIST is not null || element.ConvertedType == ConvertedType.LIST)
            {
                return ParquetShape.List;
            }

            if (element.LogicalType?.MAP is not null || element.ConvertedType is ConvertedType.MAP or ConvertedType.MAP_KEY_VALUE)
            {
                return ParquetShape.Map;
            }

            return ParquetShape.Object;
        }

        private static System.Type PhysicalClrType(SchemaElement element, string path) => element.Type switch
        {
            global::Parquet.Meta.Type.BOOLEAN => typeof(bool),
            global::Parquet.Meta.Type.INT32 => typeof(int),
            global::Parquet.Meta.Type.INT64 => typeof(long),
            global::Parquet.Meta.Type.FLOAT => typeof(float),
            global::Parquet.Meta.Type.DOUBLE => typeof(double),
            global::Parquet.Meta.Type.BYTE_ARRAY or global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY => typeof(ReadOnlyMemory<byte>),
            _ => throw new ParquetLayoutException($"column '{path}' has physical type {element.Type}, which HybridBatch does not read (INT96 timestamps: write TIMESTAMP instead)"),
        };
    }

    /// <summary>A leaf read as its physical type, with the file's own levels.</summary>
    private sealed class PhysicalField(string name, System.Type clrType, bool nullable) : DataField(name, clrType, nullable)
    {
        public void TakeLevels(DataField fileField)
        {
            MaxDefinitionLevel = fileField.MaxDefinitionLevel;
            MaxRepetitionLevel = fileField.MaxRepetitionLevel;
        }
    }
}
