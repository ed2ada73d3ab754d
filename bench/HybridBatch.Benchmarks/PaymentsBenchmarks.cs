using BenchmarkDotNet.Attributes;
using HybridBatch.Bench;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Benchmarks;

/// <summary>
/// The richer schema of <c>hybridbatch bench</c> (bench/payments.schema.json: <c>$ref</c>, a tagged-union <c>oneOf</c>,
/// <c>patternProperties</c>, <c>uniqueItems</c>, <c>unevaluatedProperties</c>) over 50,000 of the bench's own
/// seeded records (~235 bytes each); compare with <see cref="HotPathBenchmarks"/>' orders figures from the same run.
/// Throughput per operation = 50,000 records.
/// </summary>
[MemoryDiagnoser]
public class PaymentsBenchmarks
{
    /// <summary>Records per run of each benchmark.</summary>
    public const int RecordCount = Records;

    private const int Records = 50_000;
    private byte[] _jsonLines = [];
    private byte[][] _lines = [];
    private RecordSchema _schema = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schema = PaymentsBench.LoadSchema();
        string file = Path.GetTempFileName();
        try
        {
            PaymentsBench.Write(file, Records, seed: 42);
            _jsonLines = File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }

        _lines = System.Text.Encoding.UTF8.GetString(_jsonLines).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    }

    [Benchmark(Description = "validate payments records")]
    public int Validate()
    {
        int valid = 0;
        foreach (byte[] line in _lines)
        {
            valid += _schema.ValidateJson(line) is null ? 1 : 0;
        }

        return valid;
    }

    [Benchmark(Description = "split + validate payments JSON Lines")]
    public long Split() => new Splitter(_schema, InputFormat.JsonLines, new SplitOptions())
        .SplitAsync(new MemoryStream(_jsonLines), Stream.Null, null, CancellationToken.None).GetAwaiter().GetResult().ValidRecords;
}
