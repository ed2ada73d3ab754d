using System.Text.Json;

namespace HybridBatch.Core.Parquet;

/// <summary>The rows of one read row group, written one at a time as JSON; owns the decoded columns.</summary>
internal sealed class ParquetRowGroupRows : IDisposable
{
    private readonly ParquetFile _file;
    private readonly ParquetRowAssembler _assembler;
    private readonly ParquetColumnData[] _columns;

    public ParquetRowGroupRows(ParquetFile file, ParquetRowGroupInfo info, ParquetRowAssembler assembler, ParquetColumnData[] columns)
    {
        _file = file;
        Info = info;
        _assembler = assembler;
        _columns = columns;
    }

    public ParquetRowGroupInfo Info { get; }

    /// <summary>Rows written so far.</summary>
    public long Written { get; private set; }

    public bool Done => Written == Info.Rows;

    /// <summary>Writes the next row; returns why one of its values has no JSON form, or null.</summary>
    public string? WriteNext(Utf8JsonWriter writer)
    {
        string? problem;
        try
        {
            problem = _assembler.WriteRow(writer);
        }
        catch (ParquetLayoutException damaged)
        {
            throw _file.Damaged(Info, Written, damaged.Message);
        }

        Written++;
        if (Done && !_assembler.AllColumnsAtEnd)
        {
            throw _file.Damaged(Info, Written - 1, "the columns hold more values than the footer's row count");
        }

        return problem;
    }

    /// <summary>Lets the decoded columns go (they can be a row group's worth of memory).</summary>
    public void Dispose() => Array.Clear(_columns);
}
