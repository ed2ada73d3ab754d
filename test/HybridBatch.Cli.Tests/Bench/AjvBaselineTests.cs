using System.Text;
using HybridBatch.Bench;
using HybridBatch.Core.Schema;

namespace HybridBatch.Cli.Tests.Bench;

/// <summary>
/// The ajv baseline installs from its committed lock file and judges records as JSON Schema 2020-12 says: a tiny
/// file with one invalid record among valid ones gives exactly that count, on the record HybridBatch rejects too.
/// </summary>
public class AjvBaselineTests : IDisposable
{
    private const string Valid1 = """{"order_id":"ORD-0000000001","customer_id":"6f1c2a9e-6b0e-4c8e-9a57-3f4f3c1b2a10","sku":"ABC-12345","quantity":2,"unit_price":9.5,"currency":"EUR","status":"new","created_at":"2026-01-02T03:04:05Z"}""";
    private const string Valid2 = """{"order_id":"ORD-0000000002","customer_id":"0b5d3f52-8a41-4f7e-b1a4-9c2e6d7f8a90","sku":"XYZ-00001","quantity":1000,"unit_price":100000,"currency":"GBP","status":"paid","created_at":"2026-02-28T23:59:59+01:00","note":null}""";

    // quantity 0 is below the schema's minimum 1: invalid for any JSON Schema validator.
    private const string BelowMinimum = """{"order_id":"ORD-0000000003","customer_id":"6f1c2a9e-6b0e-4c8e-9a57-3f4f3c1b2a10","sku":"ABC-12345","quantity":0,"unit_price":9.5,"currency":"EUR","status":"new","created_at":"2026-01-02T03:04:05Z"}""";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_fixture_installs_once_and_counts_one_invalid_record_among_valid_ones()
    {
        (string? installed, string note) = await AjvBaseline.InstallAsync(_folder.File("cache"), CancellationToken.None);
        Assert.True(installed is not null, note);
        string schemaFile = _folder.File("orders.schema.json");
        File.WriteAllBytes(schemaFile, RecordSchema.LoadSample("orders").SourceJson.ToArray());
        string[] lines = [Valid1, BelowMinimum, "", Valid2];
        string data = _folder.File("tiny.jsonl");
        File.WriteAllText(data, string.Join('\n', lines) + "\n", new UTF8Encoding(false));

        (AjvFigures? figures, string measureNote) = await AjvBaseline.MeasureAsync(installed, schemaFile, data, _folder.File("invalid.jsonl"), CancellationToken.None);

        Assert.True(figures is not null, measureNote);
        Assert.Equal(3, figures.Records); // the blank line is skipped, as HybridBatch skips it
        Assert.Equal(2, figures.Valid);
        Assert.Equal(1, figures.Invalid);
        Assert.Equal(new FileInfo(data).Length, figures.Bytes);
        Assert.Contains("ajv 8.20.0 + ajv-formats 3.0.1", measureNote);
        KeyValuePair<long, string> invalid = Assert.Single(AjvBaseline.ReadInvalid(_folder.File("invalid.jsonl")));
        Assert.Equal(1, invalid.Key);
        Assert.Contains("/quantity", invalid.Value);

        // Same verdicts as HybridBatch's own validator, record by record.
        RecordSchema schema = RecordSchema.Load(File.ReadAllBytes(schemaFile), "orders");
        Assert.Equal(
            [true, false, true],
            lines.Where(line => line.Length > 0).Select(line => schema.ValidateJson(Encoding.UTF8.GetBytes(line)) is null));

        // Installed once: a second bench run finds it by the fixture's hash and runs no npm.
        (string? again, string againNote) = await AjvBaseline.InstallAsync(_folder.File("cache"), CancellationToken.None);
        Assert.Equal(installed, again);
        Assert.StartsWith("installed in ", againNote);
    }

    public void Dispose() => _folder.Dispose();
}
