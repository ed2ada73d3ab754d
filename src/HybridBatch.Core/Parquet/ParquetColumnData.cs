using Parquet.Data;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// One leaf column of one row group as Parquet.Net decoded it: its physical values and its definition and
/// repetition levels, with a cursor the row assembly moves. Values either line up with the levels (one slot per
/// level entry) or hold only the non-null ones; both are read through <see cref="ValueIndex"/>.
/// </summary>
internal sealed class ParquetColumnData : IDisposable
{
    private readonly RawColumnData _raw;
    private readonly int _maxDefinition;
    private readonly int[]? _definition;
    private readonly int[]? _repetition;
    private readonly bool _aligned;
    private int _value;

    public ParquetColumnData(RawColumnData raw, ParquetNode leaf, int valueCount)
    {
        _raw = raw;
        _maxDefinition = leaf.Definition;
        // Levels are absent for a column that cannot be null or repeat; copied once so the per-row walk reads arrays.
        _definition = leaf.Definition > 0 ? raw.DefinitionLevels.ToArray() : null;
        _repetition = leaf.Repetition > 0 ? raw.RepetitionLevels.ToArray() : null;
        Count = _definition?.Length ?? _repetition?.Length ?? valueCount;
        if (_repetition is not null && _repetition.Length != Count)
        {
            throw new ParquetLayoutException($"column '{leaf.Path}' has {Count} definition levels but {_repetition.Length} repetition levels");
        }

        _aligned = valueCount == Count;
        ValueCount = valueCount;
    }

    public RawColumnData Raw => _raw;

    /// <summary>Level entries in the row group.</summary>
    public int Count { get; }

    public int ValueCount { get; }

    /// <summary>The level entry the cursor is at.</summary>
    public int Position { get; private set; }

    public bool AtEnd => Position >= Count;

    public int Definition => _definition is null ? 0 : _definition[Position];

    /// <summary>The repetition level of the entry at the cursor; 0 (a new row) past the end.</summary>
    public int RepetitionAt(int position) => _repetition is null || position >= Count ? 0 : _repetition[position];

    /// <summary>Where the value of the entry at the cursor is (only meaningful when it is defined).</summary>
    public int ValueIndex => _aligned ? Position : _value;

    public void Advance()
    {
        if (Position >= Count)
        {
            throw new ParquetLayoutException("a row needs more level entries than the column holds");
        }

        if (!_aligned && (_definition is null || _definition[Position] == _maxDefinition))
        {
            _value++;
        }

        Position++;
    }

    public void Dispose() => _raw.Dispose();
}
