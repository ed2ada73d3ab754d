using System.Text;
using HybridBatch.Generation;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>
/// The generator's labels are the validator's verdicts: every record it writes as valid is accepted by the compiled
/// schema the split uses, every corrupted one rejected, checked here independently of the generator's own check.
/// </summary>
public sealed class GeneratedRecordCheckTests
{
    private static readonly RecordSchema s_schema = RecordSchema.Load(Encoding.UTF8.GetBytes(
        """{"type":"object","properties":{"id":{"type":"integer","minimum":1},"name":{"type":"string","maxLength":3}},"required":["id","name"]}"""), "check");

    [Fact]
    public void The_check_is_the_validators_verdict_for_json_lines()
    {
        var check = new GeneratedRecordCheck(s_schema, new GeneratorOptions());

        Assert.Null(check.Reject("""{"id":1,"name":"abc"}"""u8));
        Assert.Equal("name: length must be <= 3, got 4", check.Reject("""{"id":1,"name":"abcd"}"""u8));
        Assert.Equal("missing required property 'id'", check.Reject("""{"name":"a"}"""u8));
    }

    [Fact]
    public void The_check_reads_csv_by_the_generated_header()
    {
        var check = new GeneratedRecordCheck(s_schema, new GeneratorOptions { Format = RecordFormat.Csv });
        check.UseHeader("name,id"u8);

        Assert.Null(check.Reject("abc,7"u8));
        Assert.NotNull(check.Reject("abc,0"u8));
        Assert.NotNull(check.Reject("\"abcd\",7"u8));
    }

    [Theory]
    [InlineData("orders", RecordFormat.JsonLines)]
    [InlineData("customers", RecordFormat.JsonLines)]
    [InlineData("inventory", RecordFormat.JsonLines)]
    [InlineData("orders", RecordFormat.Csv)]
    public void Ten_thousand_records_are_labelled_as_the_validator_judges_them(string sample, RecordFormat format)
    {
        const int Seed = 20261205;
        byte[] schemaJson = SampleData.Open(sample).ToArray();
        var options = new GeneratorOptions { Seed = Seed, InvalidRate = 0.01, Format = format };
        var output = new MemoryStream();
        GenerationSummary summary = new RecordGenerator(schemaJson, options).Write(output, 10_000);

        RecordSchema schema = RecordSchema.Load(schemaJson, sample);
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long rejected = 0;
        if (format == RecordFormat.JsonLines)
        {
            rejected = lines.Count(line => schema.ValidateJson(Encoding.UTF8.GetBytes(line)) is not null);
        }
        else
        {
            var parser = new CsvRowParser((byte)',', CsvQuotes.Lenient);
            Assert.Null(parser.TryParse(Encoding.UTF8.GetBytes(lines[0]), out CsvRow header));
            var names = new List<string>();
            for (int i = 0; i < header.Count; i++)
            {
                names.Add(Encoding.UTF8.GetString(header[i]));
            }
            CsvRowBinder binder = schema.BindCsvHeader(names);
            foreach (string line in lines.Skip(1))
            {
                bool bad = parser.TryParse(Encoding.UTF8.GetBytes(line), out CsvRow row) is not null || binder.Validate(row) is not null;
                rejected += bad ? 1 : 0;
            }
        }

        Assert.True(summary.Invalid > 50, $"seed {Seed}: only {summary.Invalid} corrupted records");
        Assert.True(summary.Invalid == rejected, $"seed {Seed}: {summary.Invalid} records labelled invalid, the validator rejects {rejected}");
    }
}
