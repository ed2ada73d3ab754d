using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// A valid record allocates nothing, also under the applicators the bench's payments schema uses (<c>$ref</c>,
/// <c>oneOf</c> over a tagged union, <c>patternProperties</c>, <c>uniqueItems</c>, <c>unevaluatedProperties</c>,
/// <c>multipleOf</c>): the split validates millions of records, and garbage per record is what made it slow.
/// </summary>
public class ValidationAllocationTests
{
    private const string Payments = """
        {
          "type": "object",
          "required": ["id", "amount", "payment", "tags"],
          "properties": {
            "id": { "type": "string", "pattern": "^ORD-[0-9]{4}$" },
            "amount": { "$ref": "#/$defs/money" },
            "payment": { "oneOf": [{ "$ref": "#/$defs/card" }, { "$ref": "#/$defs/wallet" }], "unevaluatedProperties": false },
            "tags": { "type": "array", "items": { "type": "string" }, "uniqueItems": true }
          },
          "patternProperties": { "^x-": { "type": "string" } },
          "unevaluatedProperties": false,
          "$defs": {
            "money": { "type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01 },
            "card": { "type": "object", "required": ["kind"], "properties": { "kind": { "const": "card" }, "last4": { "type": "string" } } },
            "wallet": { "type": "object", "required": ["kind"], "properties": { "kind": { "const": "wallet" }, "provider": { "enum": ["paypal"] } } }
          }
        }
        """;

    [Theory]
    [InlineData("""{"id":"ORD-0001","amount":12.34,"payment":{"kind":"card","last4":"1234"},"tags":["a","b"],"x-channel":"web"}""")]
    [InlineData("""{"id":"ORD-0002","amount":5,"payment":{"kind":"wallet","provider":"paypal"},"tags":[]}""")]
    public void ValidPaymentsRecordAllocatesNothing(string record)
    {
        RecordSchema schema = RecordSchema.Load(Encoding.UTF8.GetBytes(Payments), "payments");
        Assert.Equal(0, AllocatedPerThousand(schema, Encoding.UTF8.GetBytes(record)));
    }

    [Fact]
    public void ValidOrdersRecordAllocatesNothing()
    {
        byte[] record = Encoding.UTF8.GetBytes("""{"order_id":"ORD-0000000001","customer_id":"e9a05a4d-6ef1-4d70-afb6-5690ce393c1a","sku":"ABC-12345","quantity":3,"unit_price":12.5,"currency":"EUR","status":"paid","created_at":"2026-01-02T03:04:05Z","note":"leave at door"}""");
        Assert.Equal(0, AllocatedPerThousand(RecordSchema.LoadSample("orders"), record));
    }

    private static long AllocatedPerThousand(RecordSchema schema, byte[] record)
    {
        Assert.Null(schema.ValidateJson(record));
        for (int i = 0; i < 1_000; i++)
        {
            schema.ValidateJson(record);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            schema.ValidateJson(record);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
