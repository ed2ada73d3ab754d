using HybridBatch.Generation;
using HybridBatch.Core.Schema;

namespace HybridBatch.Bench;

/// <summary>
/// The bench's second schema (<c>bench/payments.schema.json</c>: <c>$ref</c>, <c>oneOf</c>, <c>patternProperties</c>,
/// <c>uniqueItems</c>, <c>unevaluatedProperties</c>) and seeded JSON Lines that satisfy it, made by the project's
/// generator from that schema (every record judged by the validator before it is written): an order whose payment is
/// a card, an IBAN or a wallet, with a tag list and an <c>x-</c> extension now and then.
/// </summary>
public static class PaymentsBench
{
    public static RecordSchema LoadSchema() => RecordSchema.Load(SchemaJson(), "payments");

    /// <summary>Writes <paramref name="records"/> valid records; returns the bytes written.</summary>
    public static long Write(string file, long records, int seed)
    {
        var generator = new RecordGenerator(SchemaJson(), new GeneratorOptions { Seed = seed, InvalidRate = 0 });
        using FileStream output = File.Create(file);
        return generator.Write(output, records).Bytes;
    }

    private static byte[] SchemaJson()
    {
        using Stream stream = typeof(PaymentsBench).Assembly.GetManifestResourceStream("payments.schema.json")
            ?? throw new InvalidOperationException("Embedded resource 'payments.schema.json' is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
