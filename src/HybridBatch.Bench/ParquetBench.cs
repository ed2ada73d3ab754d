using System.Diagnostics;
using HybridBatch.Generation;
using HybridBatch.Core.Parquet;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using Parquet;
using Parquet.Schema;

namespace HybridBatch.Bench;

/// <summary>
/// Parquet split+validate (footer, row groups, rows mapped to JSON and validated) in rows/s, next to the baseline of
/// Parquet.Net alone decoding every column of every row group of the same file; best of the repetitions.
/// </summary>
public static class ParquetBench
{
    public const int RowGroupRows = 100_000;

    /// <summary>Converts the bench's orders to Parquet and measures both; returns rows/s of each and the file's size.</summary>
    public static async Task<(double Split, double Read, long Bytes)> MeasureAsync(string ordersJsonLines, string folder, long records, int repetitions, CancellationToken cancellationToken)
    {
        string file = Path.Combine(folder, "orders.parquet");
        await using (FileStream lines = File.OpenRead(ordersJsonLines))
        await using (FileStream target = File.Create(file))
        {
            await ParquetTableWriter.WriteAsync(lines, ParquetTableWriter.Columns(SampleData.Open("orders").Span), target, RowGroupRows, cancellationToken).ConfigureAwait(false);
        }

        RecordSchema schema = RecordSchema.LoadSample("orders");
        double split = 0, read = 0;
        for (int i = 0; i < repetitions; i++)
        {
            read = Math.Max(read, records / await TimeAsync(() => ReadAllColumnsAsync(file, records, cancellationToken)).ConfigureAwait(false));
            split = Math.Max(split, records / await TimeAsync(() => SplitAsync(file, schema, records, cancellationToken)).ConfigureAwait(false));
        }

        return (split, read, new FileInfo(file).Length);
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        long start = Stopwatch.GetTimestamp();
        await work().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task SplitAsync(string file, RecordSchema schema, long records, CancellationToken cancellationToken)
    {
        await using FileStream input = File.OpenRead(file);
        SplitOutcome outcome = await new ParquetSplitter(schema, new SplitOptions()).SplitAsync(input, file, Stream.Null, cancellationToken).ConfigureAwait(false);
        if (outcome.ValidRecords != records || outcome.StructuralErrors.Count > 0)
        {
            throw new InvalidOperationException($"Parquet bench data failed validation: {outcome.RejectedRecords} rejected, {string.Join("; ", outcome.StructuralErrors)}");
        }
    }

    private static async Task ReadAllColumnsAsync(string file, long records, CancellationToken cancellationToken)
    {
        await using FileStream input = File.OpenRead(file);
        await using ParquetReader reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        long rows = 0;
        DataField[] fields = reader.Schema.GetDataFields();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            foreach (DataField field in fields)
            {
                using Parquet.Data.RawColumnData column = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
            }

            rows += group.RowCount;
        }

        if (rows != records)
        {
            throw new InvalidOperationException($"Parquet.Net read {rows} rows of {records}");
        }
    }
}
