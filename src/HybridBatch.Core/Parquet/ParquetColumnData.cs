namespace HybridBatch.Core.Parquet;

/// <summary>
/// One leaf column of one row group as Parquet.Net decoded it: its physical values and its definition and
/// repetition levels, with a cursor the row assembly moves. Values hold only the defined entries, in order
/// (Parquet.Net packs them), so a value cursor moves only past entries at the column's full definition level.
/// </summary>
internal sealed class ParquetColumnData
{
    private readonly int _maxDefinition;
    private readonly int[]? _definition;
    private readonly int[]? _repetition;
    private int _value;

    public ParquetColumnData(ParquetNode leaf, Array values, int[]? definition, int[]? repetition, int count)
    {
        Values = values;
        _maxDefinition = leaf.Definition;
        _definition = definition;
        _repetition = repetition;
        Count = count;
        int defined = 0;
        if (definition is null)
        {
            defined = count;
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                if (definition[i] == _maxDefinition)
                {
                    defined++;
                }
                else if (definition[i] > _maxDefinition || definition[i] < 0)
                {
                    throw new ParquetLayoutException($"column '{leaf.Path}' has definition level {definition[i]} at entry {i}, beyond its maximum {_maxDefinition}");
                }
            }
        }

        if (defined > values.Length)
        {
            throw new ParquetLayoutException($"column '{leaf.Path}' has {defined} defined entries but {values.Length} values");
        }

        ValueCount = defined;
    }

    /// <summary>The decoded values (bool[], int[], long[], float[], double[] or ReadOnlyMemory&lt;byte&gt;[]).</summary>
    public Array Values { get; }

    /// <summary>Level entries in the row group.</summary>
    public int Count { get; }

    /// <summary>Defined entries, each with a value.</summary>
    public int ValueCount { get; }

    /// <summary>The level entry the cursor is at.</summary>
    public int Position { get; private set; }

    public bool AtEnd => Position >= Count;

    public int Definition => _definition is null ? 0 : _definition[Position];

    /// <summary>The repetition level of an entry; 0 (a new row) past the end.</summary>
    public int RepetitionAt(int position) => _repetition is null || position >= Count ? 0 : _repetition[position];

    /// <summary>Where the value of the entry at the cursor is (only meaningful when it is defined).</summary>
    public int ValueIndex => _value;

    public void Advance()
    {
        if (Position >= Count)
        {
            throw new ParquetLayoutException("a row needs more level entries than the column holds");
        }

        if (_definition is null || _definition[Position] == _maxDefinition)
        {
            _value++;
        }

        Position++;
    }
}
