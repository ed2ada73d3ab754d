using System.Text.Json;
using HybridBatch.Generation;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Generation;

public sealed class CsvGenerationTests
{
    public static TheoryData<string> Samples => ["orders", "customers", "inventory"];

    [Fact]
    public void Header_lists_scalar_properties_in_schema_order()
    {
        var orders = GeneratedOutput.Of("orders", Csv(), 0);
        var customers = GeneratedOutput.Of("customers", Csv(), 0);

        Assert.Equal("order_id,customer_id,sku,quantity,unit_price,currency,status,created_at,note\n", orders.Text);
        // tags is an optional array, which a CSV cell cannot hold.
        Assert.Equal("customer_id,email,name,country,active,signup_date,loyalty_points\n", customers.Text);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Valid_rows_have_the_header_field_count_and_satisfy_the_schema(string sample)
    {
        var output = GeneratedOutput.Of(sample, Csv(seed: 3), 3000);
        using var schema = JsonDocument.Parse(SampleData.Open(sample));
        var rows = CsvTestReader.Parse(output.Text);
        var header = rows[0].Select(c => c.Value).ToArray();

        Assert.Equal(3001, rows.Count);
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(header.Length, row.Count);
            using var record = CsvTestReader.ToJson(schema.RootElement, header, row);
            Assert.Null(MiniSchemaChecker.Check(schema.RootElement, record.RootElement));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Invalid_count_is_near_the_rate_and_every_invalid_row_fails(string sample)
    {
        var output = GeneratedOutput.Of(sample, Csv(seed: 11, invalidRate: 0.1), 10_000);
        using var schema = JsonDocument.Parse(SampleData.Open(sample));
        var rows = CsvTestReader.Parse(output.Text);
        var header = rows[0].Select(c => c.Value).ToArray();

        var failing = rows.Skip(1).Count(row =>
        {
            if (row.Count != header.Length)
            {
                return true;
            }

            using var record = CsvTestReader.ToJson(schema.RootElement, header, row);
            return MiniSchemaChecker.Check(schema.RootElement, record.RootElement) is not null;
        });

        Assert.InRange(output.Summary.Invalid, 850, 1150);
        Assert.Equal(output.Summary.Invalid, failing);
    }

    [Fact]
    public void Same_seed_gives_identical_bytes()
    {
        Assert.Equal(
            GeneratedOutput.Of("inventory", Csv(seed: 8, invalidRate: 0.5), 300).Bytes,
            GeneratedOutput.Of("inventory", Csv(seed: 8, invalidRate: 0.5), 300).Bytes);
    }

    [Fact]
    public void Values_with_delimiters_quotes_and_line_breaks_are_quoted()
    {
        var schema = """
            {
              "type": "object",
              "required": ["text", "n"],
              "properties": {
                "text": { "type": "string", "enum": ["a;b", "say \"hi\"", "line\nbreak", "", "plain"] },
                "n": { "type": "integer" }
              }
            }
            """u8;
        var output = GeneratedOutput.Of(schema, Csv(delimiter: (byte)';'), 500);
        var rows = CsvTestReader.Parse(output.Text, ';');
        var allowed = new[] { "a;b", "say \"hi\"", "line\nbreak", "", "plain" };

        Assert.Equal(501, rows.Count);
        Assert.All(rows.Skip(1), row =>
        {
            Assert.Equal(2, row.Count);
            Assert.Contains(row[0].Value, allowed);
            // An empty string must be quoted, or it would read as a missing value.
            Assert.True(row[0].Value.Length > 0 || row[0].Quoted);
        });
        Assert.Contains(rows, row => row[0].Value == "line\nbreak");
    }

    [Fact]
    public void Required_array_property_is_rejected_for_csv_only()
    {
        var schema = """{ "type": "object", "required": ["tags"], "properties": { "tags": { "type": "array", "items": { "type": "string" } } } }"""u8.ToArray();

        _ = new RecordGenerator(schema, new GeneratorOptions());
        var error = Assert.Throws<ArgumentException>(() => new RecordGenerator(schema, Csv()));
        Assert.Contains("'tags'", error.Message, StringComparison.Ordinal);
    }

    private static GeneratorOptions Csv(int seed = 42, double invalidRate = 0, byte delimiter = (byte)',')
    {
        return new GeneratorOptions { Seed = seed, InvalidRate = invalidRate, Format = RecordFormat.Csv, Delimiter = delimiter };
    }
}
