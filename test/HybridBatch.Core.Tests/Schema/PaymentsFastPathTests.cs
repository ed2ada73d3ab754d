using System.Text;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Generation;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The bench's payments schema (bench/payments.schema.json) with every walk shortcut on (tagged branch, listed members,
/// pattern hits at load, <c>$ref</c> in the walk, <c>multipleOf</c> by fraction digits, <c>uniqueItems</c> and scalar array
/// items judged in the walk) against the same schema with all of them off and scalars walked through the general path:
/// the same verdict, field, reason, timeout flag and key on the generator's records (some invalid) and on byte-level
/// mutations of them around quotes, escapes, numbers and the record's end. Seeded; a failure prints seed and record.
/// </summary>
public class PaymentsFastPathTests
{
    private static readonly byte[][] _mutations =
        ["\""u8.ToArray(), "\\"u8.ToArray(), "\\u0061"u8.ToArray(), [0x01], " "u8.ToArray(), "-"u8.ToArray(), "0"u8.ToArray(),
         "."u8.ToArray(), "e"u8.ToArray(), ","u8.ToArray(), "}"u8.ToArray(), "]"u8.ToArray(), "a"u8.ToArray(), "\"a\","u8.ToArray(),
         "5"u8.ToArray(), "\"x-1\":1,"u8.ToArray(), "\"card\""u8.ToArray(), "é"u8.ToArray()];

    [Theory]
    [InlineData(20261206)]
    [InlineData(8)]
    public void Shortcuts_agree_with_the_general_path_on_payments_records_and_mutations(int seed)
    {
        Console.WriteLine($"payments shortcuts: seed {seed}");
        byte[] schemaJson = File.ReadAllBytes(Repository.File("bench/payments.schema.json"));
        RecordSchema fast = RecordSchema.Load(schemaJson, "fast");
        RecordSchema general = RecordSchema.Load(schemaJson, "general");
        Assert.True(WalkFastPathDifferentialTests.TurnOffFastPaths(general.Root) >= 5, "the payments schema no longer takes the walk's shortcuts");

        var output = new MemoryStream();
        new RecordGenerator(schemaJson, new GeneratorOptions { Seed = seed, InvalidRate = 0.1 }).Write(output, 4_000);
        var random = new Random(seed);
        var disagreements = new List<string>();
        int pairs = 0;
        int rejects = 0;
        foreach (string line in Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            byte[] record = Encoding.UTF8.GetBytes(line);
            for (int m = 0; m < 6; m++)
            {
                byte[] instance = m == 0 ? record : Mutated(random, record);
                string expected = Verdict(general, instance, inlineScalars: false);
                string actual = Verdict(fast, instance, inlineScalars: true);
                pairs++;
                rejects += expected.StartsWith("valid", StringComparison.Ordinal) ? 0 : 1;
                if (expected != actual && disagreements.Count < 10)
                {
                    disagreements.Add($"seed {seed}: record {Encoding.UTF8.GetString(instance)}\n  general: {expected}\n  fast: {actual}");
                }
            }
        }

        Console.WriteLine($"payments shortcuts: seed {seed}, {pairs} pairs, {rejects} rejected");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count}+ disagreements in {pairs} pairs\n" + string.Join("\n", disagreements));
        Assert.InRange(rejects, pairs / 10, pairs - (pairs / 10));
    }

    private static string Verdict(RecordSchema schema, byte[] record, bool inlineScalars) =>
        JsonRecordValidator.Validate(schema.Root, record, "order_id"u8, out Range key, JsonDepthLimit.Default, inlineScalars) is { } error
            ? $"{error.Field} | {error.Reason} | timed out: {error.PatternTimedOut}"
            : $"valid | key {key}";

    /// <summary>The record with one byte replaced, a piece inserted, or the rest cut off, at a random place.</summary>
    private static byte[] Mutated(Random random, byte[] record)
    {
        int at = random.Next(record.Length + 1);
        byte[] piece = _mutations[random.Next(_mutations.Length)];
        return random.Next(3) switch
        {
            0 when at < record.Length => [.. record.AsSpan(0, at), .. piece, .. record.AsSpan(at + 1)],
            1 => [.. record.AsSpan(0, at), .. piece, .. record.AsSpan(at)],
            _ => record[..at],
        };
    }
}
