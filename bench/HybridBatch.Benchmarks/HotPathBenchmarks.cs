using BenchmarkDotNet.Attributes;
using HybridBatch.Generation;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Benchmarks;

/// <summary>
/// The engine's hot paths over 50,000 generated orders records (~218 bytes each) in memory, next to the
/// baseline of counting the same lines. Throughput per operation = 50,000 records.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Records = 50_000;
    private byte[] _jsonLines = [];
    private byte[][] _lines = [];
    private byte[] _csv = [];
    private RecordSchema _schema = null!;
    private ChunkPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schema = RecordSchema.LoadSample("orders");
        _jsonLines = Generate(RecordFormat.JsonLines);
        _csv = Generate(RecordFormat.Csv);
        _lines = System.Text.Encoding.UTF8.GetString(_jsonLines).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        SplitOutcome outcome = new Splitter(_schema, InputFormat.JsonLines, new SplitOptions { ChunkRecords = int.MaxValue })
            .SplitAsync(new MemoryStream(_jsonLines), Stream.Null, null, CancellationToken.None).GetAwaiter().GetResult();
        _plan = new ChunkPlan
        {
            RunId = "bench", Source = new ObjectLocation("", "bench"), SourceVersion = "1", SourceSize = _jsonLines.Length,
            Format = RecordFormat.JsonLines, Delimiter = ",", Schema = "orders", ChunkRecords = int.MaxValue,
            MaxRecordBytes = 1 << 20, TotalRecords = outcome.TotalRecords, ValidRecords = outcome.ValidRecords,
            RejectedRecords = outcome.RejectedRecords, Chunks = outcome.Chunks,
        };
    }

    [Benchmark(Baseline = true, Description = "count lines (baseline)")]
    public int CountLines() => _jsonLines.AsSpan().Count((byte)'\n');

    [Benchmark(Description = "frame JSON Lines")]
    public long Frame() => Frame(_jsonLines, RecordFormat.JsonLines);

    [Benchmark(Description = "frame CSV")]
    public long FrameCsv() => Frame(_csv, RecordFormat.Csv);

    private static long Frame(byte[] data, RecordFormat format)
    {
        using var scanner = new RecordScanner(new MemoryStream(data), format, (byte)',', new RecordScannerOptions());
        long count = 0;
        while (scanner.FillAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (scanner.TryRead(out RawRecord _))
            {
                count++;
            }
        }

        return count;
    }

    [Benchmark(Description = "validate JSON records")]
    public int Validate()
    {
        int valid = 0;
        foreach (byte[] line in _lines)
        {
            valid += _schema.ValidateJson(line) is null ? 1 : 0;
        }

        return valid;
    }

    [Benchmark(Description = "split + validate JSON Lines")]
    public long Split() => new Splitter(_schema, InputFormat.JsonLines, new SplitOptions())
        .SplitAsync(new MemoryStream(_jsonLines), Stream.Null, null, CancellationToken.None).GetAwaiter().GetResult().ValidRecords;

    [Benchmark(Description = "split + validate CSV")]
    public long SplitCsv() => new Splitter(_schema, InputFormat.Csv, new SplitOptions())
        .SplitAsync(new MemoryStream(_csv), Stream.Null, null, CancellationToken.None).GetAwaiter().GetResult().ValidRecords;

    [Benchmark(Description = "process -> discard")]
    public long Process() => new ChunkProcessor(_plan, _schema, new ProcessOptions())
        .ProcessAsync(_plan.Chunks[0], new MemoryStream(_jsonLines), new Discard(), null, CancellationToken.None).GetAwaiter().GetResult().Published;

    private static byte[] Generate(RecordFormat format)
    {
        var output = new MemoryStream();
        new RecordGenerator(SampleData.Open("orders").Span, new GeneratorOptions { Format = format }).Write(output, Records);
        return output.ToArray();
    }

    private sealed class Discard : IRecordSink
    {
        public ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
