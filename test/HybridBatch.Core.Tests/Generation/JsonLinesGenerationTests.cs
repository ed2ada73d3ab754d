using System.Text.Json;
using HybridBatch.Generation;

namespace HybridBatch.Core.Tests.Generation;

public sealed class JsonLinesGenerationTests
{
    public static TheoryData<string> Samples => ["orders", "customers", "inventory"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Same_seed_gives_identical_bytes(string sample)
    {
        var options = new GeneratorOptions { Seed = 7, InvalidRate = 0.2 };
        var generator = new RecordGenerator(SampleData.Open(sample).Span, options);
        using var first = new MemoryStream();
        using var again = new MemoryStream();
        generator.Write(first, 500);
        generator.Write(again, 500);

        Assert.Equal(first.ToArray(), again.ToArray());
        Assert.Equal(first.ToArray(), GeneratedOutput.Of(sample, options, 500).Bytes);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Different_seeds_give_different_bytes(string sample)
    {
        var a = GeneratedOutput.Of(sample, new GeneratorOptions { Seed = 1 }, 100);
        var b = GeneratedOutput.Of(sample, new GeneratorOptions { Seed = 2 }, 100);

        Assert.NotEqual(a.Bytes, b.Bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1234)]
    public void Record_count_line_count_and_byte_count_agree(long records)
    {
        var output = GeneratedOutput.Of("orders", new GeneratorOptions { InvalidRate = 0.3 }, records);

        Assert.Equal(records, output.Summary.Records);
        Assert.Equal(output.Bytes.LongLength, output.Summary.Bytes);
        Assert.Equal(records, output.Bytes.Count(b => b == (byte)'\n'));
        Assert.True(records == 0 || output.Bytes[^1] == (byte)'\n');
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_record_is_valid_at_rate_zero(string sample)
    {
        var output = GeneratedOutput.Of(sample, new GeneratorOptions { Seed = 99 }, 3000);
        using var schema = JsonDocument.Parse(SampleData.Open(sample));

        Assert.Equal(0, output.Summary.Invalid);
        foreach (var line in output.Lines)
        {
            using var record = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, record.RootElement.ValueKind);
            Assert.Null(MiniSchemaChecker.Check(schema.RootElement, record.RootElement));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Invalid_count_is_near_the_rate_and_every_invalid_record_fails(string sample)
    {
        var output = GeneratedOutput.Of(sample, new GeneratorOptions { Seed = 5, InvalidRate = 0.1 }, 10_000);
        using var schema = JsonDocument.Parse(SampleData.Open(sample));

        // Binomial(10 000, 0.1) has a standard deviation of 30; 150 is five of them.
        Assert.InRange(output.Summary.Invalid, 850, 1150);
        Assert.Equal(output.Summary.Invalid, output.Lines.Count(line => !IsValid(schema.RootElement, line)));
    }

    [Fact]
    public void Which_records_are_invalid_depends_on_seed_and_rate_not_schema()
    {
        var options = new GeneratorOptions { Seed = 3, InvalidRate = 0.25 };
        var counts = SampleData.Names.Select(s => GeneratedOutput.Of(s, options, 4000).Summary.Invalid).Distinct();
        var csvCount = GeneratedOutput.Of("orders", options with { Format = HybridBatch.Core.Records.RecordFormat.Csv }, 4000).Summary.Invalid;

        Assert.Equal(csvCount, Assert.Single(counts));
    }

    [Fact]
    public void Rate_one_makes_every_record_invalid_with_a_mix_of_corruptions()
    {
        var output = GeneratedOutput.Of("orders", new GeneratorOptions { InvalidRate = 1 }, 2000);
        using var schema = JsonDocument.Parse(SampleData.Open("orders"));

        Assert.Equal(2000, output.Summary.Invalid);
        Assert.All(output.Lines, line => Assert.False(IsValid(schema.RootElement, line), line));
        var malformed = output.Lines.Count(line => !Parses(line));
        Assert.InRange(malformed, 1, 1000);
    }

    [Fact]
    public void Orders_records_average_roughly_200_bytes()
    {
        var output = GeneratedOutput.Of("orders", new GeneratorOptions(), 5000);

        Assert.InRange(output.Summary.Bytes / 5000.0, 180, 240);
    }

    [Fact]
    public void String_ids_vary_per_record()
    {
        var output = GeneratedOutput.Of("orders", new GeneratorOptions(), 2000);
        var ids = output.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("order_id").GetString()).ToHashSet();
        var customers = output.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("customer_id").GetString()).ToHashSet();

        Assert.True(ids.Count >= 1990, $"only {ids.Count} distinct order ids");
        Assert.Equal(2000, customers.Count);
    }

    [Fact]
    public void Dates_and_uuids_parse()
    {
        var output = GeneratedOutput.Of("customers", new GeneratorOptions(), 500);
        foreach (var line in output.Lines)
        {
            var record = JsonDocument.Parse(line).RootElement;
            Assert.True(DateOnly.TryParseExact(record.GetProperty("signup_date").GetString(), "yyyy-MM-dd", out _));
            var id = Guid.ParseExact(record.GetProperty("customer_id").GetString()!, "D");
            Assert.Equal(4, id.Version);
        }

        var orders = GeneratedOutput.Of("orders", new GeneratorOptions(), 500);
        foreach (var line in orders.Lines)
        {
            var created = JsonDocument.Parse(line).RootElement.GetProperty("created_at").GetString()!;
            Assert.EndsWith("Z", created, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture).Offset);
        }
    }

    [Fact]
    public void Optional_properties_appear_about_half_the_time_or_never()
    {
        var withOptional = GeneratedOutput.Of("orders", new GeneratorOptions(), 2000);
        var without = GeneratedOutput.Of("orders", new GeneratorOptions { IncludeOptional = false }, 2000);

        var notes = withOptional.Lines.Count(l => JsonDocument.Parse(l).RootElement.TryGetProperty("note", out _));
        Assert.InRange(notes, 800, 1200);
        Assert.DoesNotContain(without.Lines, l => l.Contains("\"note\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Nested_objects_arrays_and_escaping_are_generated_validly()
    {
        var schema = """
            {
              "type": "object",
              "required": ["id", "tags", "address", "quote"],
              "properties": {
                "id": { "type": "string", "pattern": "^[a-f0-9]{8}$" },
                "tags": { "type": "array", "items": { "type": "string", "enum": ["a\"b", "c\\d", "e\nf"] }, "minItems": 1, "maxItems": 3 },
                "address": {
                  "type": "object",
                  "required": ["zip"],
                  "additionalProperties": false,
                  "properties": { "zip": { "type": "string", "pattern": "^\\d{4} ?[A-Z]{2}$" }, "floor": { "type": ["integer", "null"], "maximum": -3 } }
                },
                "quote": { "type": "string", "pattern": "^[\"\\\\/]{2,5}$" },
                "score": { "type": "number", "exclusiveMinimum": -0.5, "exclusiveMaximum": 0.5 }
              }
            }
            """u8;
        var output = GeneratedOutput.Of(schema, new GeneratorOptions(), 1000);
        using var parsed = JsonDocument.Parse(schema.ToArray());

        foreach (var line in output.Lines)
        {
            using var record = JsonDocument.Parse(line);
            Assert.Null(MiniSchemaChecker.Check(parsed.RootElement, record.RootElement));
        }
    }

    private static bool Parses(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsValid(JsonElement schema, string line)
    {
        if (!Parses(line))
        {
            return false;
        }

        using var record = JsonDocument.Parse(line);
        return MiniSchemaChecker.Check(schema, record.RootElement) is null;
    }
}
