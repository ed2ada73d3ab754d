using HybridBatch.Bench;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Tests.Bench;

/// <summary>
/// The bench's payments data, made by the project's generator from bench/payments.schema.json: every record passes
/// the validator, the three payment kinds of the schema's oneOf all occur, and the same seed gives the same bytes.
/// </summary>
public sealed class PaymentsBenchTests : IDisposable
{
    private const int Records = 600;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_data_is_valid_holds_every_payment_kind_and_repeats_for_its_seed()
    {
        string file = _folder.File("payments.jsonl");
        string again = _folder.File("payments-again.jsonl");

        long bytes = PaymentsBench.Write(file, Records, seed: 11);
        PaymentsBench.Write(again, Records, seed: 11);

        SplitOutcome outcome;
        await using (FileStream input = File.OpenRead(file))
        {
            outcome = await new Splitter(PaymentsBench.LoadSchema(), InputFormat.JsonLines, new SplitOptions())
                .SplitAsync(input, Stream.Null, staging: null, CancellationToken.None);
        }

        string text = await File.ReadAllTextAsync(file);
        Assert.Equal(new FileInfo(file).Length, bytes);
        Assert.Equal(Records, outcome.TotalRecords);
        Assert.True(outcome.ValidRecords == Records, string.Join("; ", outcome.FirstErrors.Select(e => e.Reason)));
        Assert.All(new[] { "\"kind\":\"card\"", "\"kind\":\"iban\"", "\"kind\":\"wallet\"", "\"x-" }, part => Assert.Contains(part, text));
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(again));
    }

    public void Dispose() => _folder.Dispose();
}
