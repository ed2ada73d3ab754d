using System.Text;
using System.Text.Json.Nodes;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Tests.Oracles;
using HybridBatch.Generation;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The object walk judges a member that is a plain string or a number itself, with the position in a register
/// (<c>JsonRecordValidator</c>'s inline scalars); the general path walks it through <c>ValidateValue</c>. Both must give
/// the same verdict, field, reason, timeout flag and key. Seeded random schemas and instances, generated orders, and
/// byte-level mutations of both around the places the inline path stops (quotes, escapes, control bytes, number
/// ends, the record's end), compared with the inline path on and off. The plain-member lane (<c>TakePlainMembers</c>)
/// runs only with the inline path, so these compare it with the general loop too, with and without a key field.
/// </summary>
public class InlineScalarMemberTests
{
    private static readonly byte[][] Mutations =
        ["\""u8.ToArray(), "\\"u8.ToArray(), "\\u0041"u8.ToArray(), [0x01], "\t"u8.ToArray(), "-"u8.ToArray(), "0"u8.ToArray(),
         "."u8.ToArray(), "e"u8.ToArray(), ","u8.ToArray(), "}"u8.ToArray(), "]"u8.ToArray(), "x"u8.ToArray(), " "u8.ToArray(), "é"u8.ToArray()];

    [Theory]
    [InlineData(20261206)]
    [InlineData(77)]
    public void Inline_scalars_agree_with_the_general_path_on_random_schemas(int seed)
    {
        var random = new Random(seed);
        var generator = new SchemaOracleGenerator(random);
        var disagreements = new List<string>();
        int pairs = 0;
        int rejects = 0;
        for (int s = 0; s < 1_500; s++)
        {
            JsonObject document = generator.Document();
            RecordSchema schema = RecordSchema.Load(Encoding.UTF8.GetBytes(document.ToJsonString()), "random");
            for (int i = 0; i < 10; i++)
            {
                byte[] instance = Encoding.UTF8.GetBytes(generator.Instance(document)?.ToJsonString() ?? "null");
                foreach (byte[] record in new[] { instance, Mutated(random, instance), Mutated(random, instance) })
                {
                    // A key field makes every record that is not an object a reject: ask for one only of objects.
                    Compare(schema, record, record.Length > 0 && record[0] == (byte)'{' ? "a"u8 : default, ref pairs, ref rejects, disagreements, seed);
                }
            }
        }

        Console.WriteLine($"inline scalar members: seed {seed}, {pairs} pairs, {rejects} rejected");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count}+ disagreements in {pairs} pairs\n" + string.Join("\n", disagreements));
        Assert.InRange(rejects, pairs / 10, pairs - (pairs / 10));
    }

    [Theory]
    [InlineData(20261206)]
    [InlineData(3)]
    public void Inline_scalars_agree_with_the_general_path_on_orders(int seed)
    {
        byte[] schemaJson = SampleData.Open("orders").ToArray();
        RecordSchema schema = RecordSchema.Load(schemaJson, "orders");
        var output = new MemoryStream();
        new RecordGenerator(schemaJson, new GeneratorOptions { Seed = seed, InvalidRate = 0.05 }).Write(output, 5_000);
        var random = new Random(seed);
        var disagreements = new List<string>();
        int pairs = 0;
        int rejects = 0;
        // No key (the plain-member lane takes every plain member), and keys first, in the middle and last.
        byte[][] keys = [[], "order_id"u8.ToArray(), "quantity"u8.ToArray(), "created_at"u8.ToArray(), "note"u8.ToArray()];
        int line = 0;
        foreach (string text in Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            byte[] record = Encoding.UTF8.GetBytes(text);
            Compare(schema, record, keys[line++ % keys.Length], ref pairs, ref rejects, disagreements, seed);
            for (int m = 0; m < 4; m++)
            {
                Compare(schema, Mutated(random, record), keys[random.Next(keys.Length)], ref pairs, ref rejects, disagreements, seed);
            }
        }

        Console.WriteLine($"inline scalar members, orders: seed {seed}, {pairs} pairs, {rejects} rejected");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count}+ disagreements in {pairs} pairs\n" + string.Join("\n", disagreements));
        Assert.InRange(rejects, pairs / 10, pairs - (pairs / 10));
    }

    private static void Compare(RecordSchema schema, byte[] record, ReadOnlySpan<byte> keyField, ref int pairs, ref int rejects, List<string> disagreements, int seed)
    {
        string inline = Verdict(schema, record, keyField, inlineScalars: true);
        string general = Verdict(schema, record, keyField, inlineScalars: false);
        pairs++;
        rejects += general.StartsWith("valid", StringComparison.Ordinal) ? 0 : 1;
        if (inline != general && disagreements.Count < 10)
        {
            disagreements.Add($"seed {seed}: record {Encoding.UTF8.GetString(record)}\n  general: {general}\n  inline: {inline}");
        }
    }

    private static string Verdict(RecordSchema schema, byte[] record, ReadOnlySpan<byte> keyField, bool inlineScalars) =>
        JsonRecordValidator.Validate(schema.Root, record, keyField, out Range key, JsonDepthLimit.Default, inlineScalars) is { } error
            ? $"{error.Field} | {error.Reason} | timed out: {error.PatternTimedOut}"
            : $"valid | key {key}";

    /// <summary>The record with one byte replaced, a piece inserted, or the rest cut off, at a random place.</summary>
    private static byte[] Mutated(Random random, byte[] record)
    {
        int at = random.Next(record.Length + 1);
        byte[] piece = Mutations[random.Next(Mutations.Length)];
        return random.Next(3) switch
        {
            0 when at < record.Length => [.. record.AsSpan(0, at), .. piece, .. record.AsSpan(at + 1)],
            1 => [.. record.AsSpan(0, at), .. piece, .. record.AsSpan(at)],
            _ => record[..at],
        };
    }
}
