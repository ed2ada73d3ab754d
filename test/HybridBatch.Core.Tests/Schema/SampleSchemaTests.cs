using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

public class SampleSchemaTests
{
    public const string Order =
        "{\"order_id\":\"ORD-0000000042\",\"customer_id\":\"123e4567-e89b-12d3-a456-426614174000\",\"sku\":\"ABC-12345\"," +
        "\"quantity\":3,\"unit_price\":19.99,\"currency\":\"EUR\",\"status\":\"paid\",\"created_at\":\"2024-03-01T12:34:56Z\",\"note\":null}";

    [Fact]
    public void SampleNamesAreListed()
    {
        Assert.Equal(["orders", "customers", "inventory"], RecordSchema.SampleNames);
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("customers")]
    [InlineData("inventory")]
    public void SamplesLoad(string name)
    {
        RecordSchema schema = RecordSchema.LoadSample(name);
        Assert.Equal(name, schema.Name);
        Assert.False(schema.SourceJson.IsEmpty);
    }

    [Fact]
    public void UnknownSampleListsTheKnownOnes()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => RecordSchema.LoadSample("invoices"));
        Assert.Contains("orders, customers, inventory", ex.Message);
    }

    [Fact]
    public void OrderRecordPasses()
    {
        Assert.Null(RecordSchema.LoadSample("orders").ValidateJson(Encoding.UTF8.GetBytes(Order)));
    }

    [Theory]
    [InlineData("\"quantity\":3", "\"quantity\":0", "quantity: must be >= 1, got 0")]
    [InlineData("\"quantity\":3", "\"quantity\":\"3\"", "quantity: expected integer, got string")]
    [InlineData("\"unit_price\":19.99", "\"unit_price\":0", "unit_price: must be > 0, got 0")]
    [InlineData("\"currency\":\"EUR\"", "\"currency\":\"JPY\"", "currency: not one of the allowed values")]
    [InlineData("ORD-0000000042", "ORD-42", "order_id: does not match pattern ^ORD-[0-9]{10}$")]
    [InlineData("2024-03-01T12", "2023-02-29T12", "created_at: not a valid date-time")]
    [InlineData("\"note\":null", "\"note\":null,\"foo\":1", "unexpected property 'foo'")]
    [InlineData("\"sku\":\"ABC-12345\",", "", "missing required property 'sku'")]
    [InlineData("\"note\":null", "\"note\":null,\"sku\":\"ABC-12345\"", "duplicate property 'sku'")]
    public void OrderRecordFailures(string find, string replace, string expected)
    {
        string record = Order.Replace(find, replace);
        Assert.Equal(expected, RecordSchema.LoadSample("orders").ValidateJson(Encoding.UTF8.GetBytes(record))?.ToString());
    }

    [Fact]
    public void CustomerAndInventoryRecordsPass()
    {
        string customer = "{\"customer_id\":\"123e4567-e89b-12d3-a456-426614174000\",\"email\":\"ana@example.com\",\"name\":\"Ana\"," +
            "\"country\":\"NL\",\"active\":true,\"signup_date\":\"2020-02-29\",\"tags\":[\"vip\"]}";
        string inventory = "{\"sku\":\"ABC-12345\",\"warehouse\":\"AMS1\",\"on_hand\":10,\"reserved\":0,\"reorder_level\":null," +
            "\"unit_cost\":2.5,\"updated_at\":\"2024-01-01T00:00:00+01:00\"}";
        Assert.Null(RecordSchema.LoadSample("customers").ValidateJson(Encoding.UTF8.GetBytes(customer)));
        Assert.Null(RecordSchema.LoadSample("inventory").ValidateJson(Encoding.UTF8.GetBytes(inventory)));
    }

    [Fact]
    public void ValidRecordDoesNotAllocate()
    {
        RecordSchema schema = RecordSchema.LoadSample("orders");
        byte[] record = Encoding.UTF8.GetBytes(Order);
        for (int i = 0; i < 100; i++)
        {
            Assert.Null(schema.ValidateJson(record, "order_id"u8, out _));
        }

        // Tiered JIT can allocate on this thread while a round runs; an allocation per call shows in every round.
        long fewest = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                schema.ValidateJson(record, "order_id"u8, out _);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }
}
