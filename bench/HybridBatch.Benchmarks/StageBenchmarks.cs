using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using HybridBatch.Generation;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Benchmarks;

/// <summary>
/// Where the one-core split of the orders file spends its time, one stage per benchmark over the same 50,000
/// generated records: framing, UTF-8, tokenising, then the orders schema built up keyword group by keyword group,
/// hashing, and the whole split. Divide by 50,000 for ns per record.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    /// <summary>Records per run of each stage.</summary>
    public const int RecordCount = Records;

    private const int Records = 50_000;

    // The orders schema with its checks added in groups, so each group's cost is the step between two rows.
    private const string Shape = """
        {"type":"object","required":["order_id","customer_id","sku","quantity","unit_price","currency","status","created_at"],
         "additionalProperties":false,"properties":{"order_id":{"type":"string"},"customer_id":{"type":"string"},
         "sku":{"type":"string"},"quantity":{"type":"integer"},"unit_price":{"type":"number"},"currency":{"type":"string"},
         "status":{"type":"string"},"created_at":{"type":"string"},"note":{"type":["string","null"]}}}
        """;

    private const string Values = """
        {"type":"object","required":["order_id","customer_id","sku","quantity","unit_price","currency","status","created_at"],
         "additionalProperties":false,"properties":{"order_id":{"type":"string"},"customer_id":{"type":"string"},
         "sku":{"type":"string"},"quantity":{"type":"integer","minimum":1,"maximum":1000},
         "unit_price":{"type":"number","exclusiveMinimum":0,"maximum":100000},"currency":{"type":"string","enum":["EUR","USD","GBP"]},
         "status":{"type":"string","enum":["new","paid","shipped","cancelled"]},"created_at":{"type":"string"},
         "note":{"type":["string","null"],"maxLength":40}}}
        """;

    private const string Patterns = """
        {"type":"object","required":["order_id","customer_id","sku","quantity","unit_price","currency","status","created_at"],
         "additionalProperties":false,"properties":{"order_id":{"type":"string","pattern":"^ORD-[0-9]{10}$"},"customer_id":{"type":"string"},
         "sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{5}$"},"quantity":{"type":"integer","minimum":1,"maximum":1000},
         "unit_price":{"type":"number","exclusiveMinimum":0,"maximum":100000},"currency":{"type":"string","enum":["EUR","USD","GBP"]},
         "status":{"type":"string","enum":["new","paid","shipped","cancelled"]},"created_at":{"type":"string"},
         "note":{"type":["string","null"],"maxLength":40}}}
        """;

    private byte[] _jsonLines = [];

    private byte[][] _lines = [];
    private RecordSchema _any = null!;
    private RecordSchema _shape = null!;
    private RecordSchema _values = null!;
    private RecordSchema _patterns = null!;
    private RecordSchema _orders = null!;

    [GlobalSetup]
    public void Setup()
    {
        _orders = RecordSchema.LoadSample("orders");
        _any = RecordSchema.Load("{}"u8, "any");
        _shape = RecordSchema.Load(Encoding.UTF8.GetBytes(Shape), "shape");
        _values = RecordSchema.Load(Encoding.UTF8.GetBytes(Values), "values");
        _patterns = RecordSchema.Load(Encoding.UTF8.GetBytes(Patterns), "patterns");
        var output = new MemoryStream();
        new RecordGenerator(SampleData.Open("orders").Span, new GeneratorOptions { Format = RecordFormat.JsonLines }).Write(output, Records);
        _jsonLines = output.ToArray();
        _lines = Encoding.UTF8.GetString(_jsonLines).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Encoding.UTF8.GetBytes).ToArray();
    }

    [Benchmark(Baseline = true, Description = "0 count line feeds")]
    public int CountLines() => _jsonLines.AsSpan().Count((byte)'\n');

    [Benchmark(Description = "1 frame (scanner, UTF-8 included)")]
    public long Frame()
    {
        using var scanner = new RecordScanner(new MemoryStream(_jsonLines), RecordFormat.JsonLines, (byte)',', new RecordScannerOptions());
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

    [Benchmark(Description = "2 UTF-8 check per line")]
    public int Utf8Check()
    {
        int valid = 0;
        foreach (byte[] line in _lines)
        {
            valid += System.Text.Unicode.Utf8.IsValid(line) ? 1 : 0;
        }

        return valid;
    }

    [Benchmark(Description = "3 Utf8JsonReader tokens (reference)")]
    public int Tokenise()
    {
        int tokens = 0;
        foreach (byte[] line in _lines)
        {
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark(Description = "4 validate {} (syntax walk)")]
    public int ValidateAny() => ValidateAll(_any);

    [Benchmark(Description = "5 validate types+required")]
    public int ValidateShape() => ValidateAll(_shape);

    [Benchmark(Description = "6 + bounds, enum, maxLength")]
    public int ValidateValues() => ValidateAll(_values);

    [Benchmark(Description = "7 + patterns")]
    public int ValidatePatterns() => ValidateAll(_patterns);

    [Benchmark(Description = "8 + formats (orders)")]
    public int ValidateOrders() => ValidateAll(_orders);

    [Benchmark(Description = "9 XxHash3 per record")]
    public ulong Hash()
    {
        var hash = new XxHash3();
        foreach (byte[] line in _lines)
        {
            hash.Append(line);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    [Benchmark(Description = "10 split + validate (one core)")]
    public long Split() => new Splitter(_orders, InputFormat.JsonLines, new SplitOptions { ChunkRecords = int.MaxValue })
        .SplitAsync(new MemoryStream(_jsonLines), Stream.Null, null, CancellationToken.None).GetAwaiter().GetResult().ValidRecords;

    private int ValidateAll(RecordSchema schema)
    {
        int valid = 0;
        foreach (byte[] line in _lines)
        {
            valid += schema.ValidateJson(line) is null ? 1 : 0;
        }

        return valid;
    }
}
