using System.Globalization;
using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Bench;

/// <summary>
/// The bench's second schema (<c>bench/payments.schema.json</c>: <c>$ref</c>, <c>oneOf</c>, <c>patternProperties</c>,
/// <c>uniqueItems</c>, <c>unevaluatedProperties</c>) and seeded JSON Lines that satisfy it: an order whose payment is a
/// card, an IBAN or a wallet, with a tag list and an <c>x-</c> extension now and then.
/// </summary>
public static class PaymentsBench
{
    private static readonly string[] _tags = ["gift", "express", "b2b", "repeat", "promo-2026", "fragile", "eu", "vip"];
    private static readonly string[] _currencies = ["EUR", "USD", "GBP"];
    private static readonly string[] _providers = ["paypal", "applepay", "googlepay"];

    public static RecordSchema LoadSchema()
    {
        using Stream stream = typeof(PaymentsBench).Assembly.GetManifestResourceStream("payments.schema.json")
            ?? throw new InvalidOperationException("Embedded resource 'payments.schema.json' is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return RecordSchema.Load(buffer.ToArray(), "payments");
    }

    /// <summary>Writes <paramref name="records"/> records; returns the bytes written.</summary>
    public static long Write(string file, long records, int seed)
    {
        var random = new Random(seed);
        var line = new StringBuilder(320);
        using var writer = new StreamWriter(file, append: false, new UTF8Encoding(false), 1 << 20);
        for (long i = 0; i < records; i++)
        {
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{{\"order_id\":\"ORD-{i:D10}\",\"customer_id\":\"{Uuid(random)}\",");
            line.Append(CultureInfo.InvariantCulture, $"\"amount\":{random.Next(1, 10_000_000) / 100m:0.00},\"currency\":\"{_currencies[random.Next(3)]}\",");
            line.Append("\"payment\":");
            switch (random.Next(3))
            {
                case 0:
                    line.Append(CultureInfo.InvariantCulture, $"{{\"kind\":\"card\",\"last4\":\"{random.Next(10_000):D4}\",\"expiry\":\"{random.Next(1, 13):D2}/{random.Next(26, 36):D2}\"}}");
                    break;
                case 1:
                    line.Append(CultureInfo.InvariantCulture, $"{{\"kind\":\"iban\",\"iban\":\"DE{random.Next(100):D2}{random.NextInt64(100_000_000_000, 999_999_999_999)}{random.Next(1_000_000):D6}\"}}");
                    break;
                default:
                    line.Append(CultureInfo.InvariantCulture, $"{{\"kind\":\"wallet\",\"provider\":\"{_providers[random.Next(3)]}\"}}");
                    break;
            }

            line.Append(",\"tags\":[");
            int first = random.Next(_tags.Length);
            int count = random.Next(0, 4);
            for (int t = 0; t < count; t++)
            {
                line.Append(t == 0 ? "\"" : ",\"").Append(_tags[(first + t) % _tags.Length]).Append('"');
            }

            line.Append(CultureInfo.InvariantCulture, $"],\"created_at\":\"2026-{random.Next(1, 13):D2}-{random.Next(1, 29):D2}T{random.Next(24):D2}:{random.Next(60):D2}:{random.Next(60):D2}Z\"");
            if (random.Next(4) == 0)
            {
                line.Append(",\"x-channel\":\"web\"");
            }

            line.Append("}\n");
            writer.Write(line);
        }

        writer.Flush();
        return writer.BaseStream.Length;
    }

    private static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }
}
