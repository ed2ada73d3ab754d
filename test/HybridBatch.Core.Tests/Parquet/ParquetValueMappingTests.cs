using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Parquet;
using Xunit.Abstractions;

namespace HybridBatch.Core.Tests.Parquet;

/// <summary>
/// Floats are written straight to UTF-8 (no string per value); the text must stay what it was, the shortest that
/// reads back to the same value, as <c>ToString("R", InvariantCulture)</c> gives it: compared on seeded random bit
/// patterns of double, float and half, and on the edges.
/// </summary>
public sealed class ParquetValueMappingTests(ITestOutputHelper output)
{
    private const int Values = 200_000;

    [Fact]
    public void Floats_are_written_as_the_same_shortest_text_as_before()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var buffer = new ArrayBufferWriter<byte>(64);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        double[] edges = [0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e-7, 1e21, 0.1, 43112.17, 12.25];
        foreach (double d in edges.Concat(Enumerable.Range(0, Values).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)))))
        {
            if (double.IsFinite(d))
            {
                AssertSame(writer, buffer, d, d.ToString("R", CultureInfo.InvariantCulture), seed);
            }
        }

        foreach (int bits in Enumerable.Range(0, Values).Select(_ => random.Next(int.MinValue, int.MaxValue)))
        {
            float f = BitConverter.Int32BitsToSingle(bits);
            if (float.IsFinite(f))
            {
                AssertSame(writer, buffer, f, f.ToString("R", CultureInfo.InvariantCulture), seed);
            }
        }

        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            Half h = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (Half.IsFinite(h))
            {
                AssertSame(writer, buffer, h, h.ToString("R", CultureInfo.InvariantCulture), seed);
            }
        }
    }

    private static void AssertSame<T>(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, T value, string expected, int seed)
        where T : IUtf8SpanFormattable
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Assert.Null(ParquetValueMapping.WriteShortest(writer, value));
        writer.Flush();
        string actual = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (actual != expected)
        {
            Assert.Fail($"seed {seed}: {typeof(T).Name} written as {actual}, before as {expected}");
        }
    }
}
