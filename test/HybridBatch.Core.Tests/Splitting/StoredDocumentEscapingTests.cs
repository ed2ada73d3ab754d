using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The documents a split stores (plan.json, validation.json, rejects.jsonl) escape only what JSON requires: a rejected
/// record's <c>raw</c> text reads as it was (<c>\"</c>, not <c>\u0022</c>; <c>&lt;</c>, <c>&amp;</c>, <c>'</c> and
/// non-ASCII as they are) and reads back equal. Bytes that are not UTF-8 keep the rule they always had: U+FFFD.
/// </summary>
public sealed class StoredDocumentEscapingTests
{
    // A key with a quote: S3 allows it, and the plan names it.
    private static readonly ObjectLocation s_input = new("in", "drop/say \"hi\".jsonl");

    private const string Quoted = "{\"id\":\"x\",\"name\":\"say \\\"hi\\\" <b>&'caf\u00e9\"}";

    [Fact]
    public async Task A_rejected_record_with_quotes_is_stored_readable_and_reads_back_equal()
    {
        byte[] notUtf8 = [.. "{\"id\":\"y\",\"name\":\""u8, 0xFF, .. "\"}"u8];
        byte[] data = [.. Encoding.UTF8.GetBytes("{\"id\":1}\n" + Quoted + "\n"), .. notUtf8, (byte)'\n'];
        var store = new InMemoryObjectStore();
        store.Put(s_input, data);

        SplitResult result = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(
            new SplitRequest(s_input, TestSchemas.IdAndName, InputFormat.JsonLines, "work", new SplitOptions { ChunkRecords = 10 }, new GateOptions { MaxErrorRate = 1 }),
            CancellationToken.None);
        var layout = new RunLayout("work", result.Summary.RunId);
        string validation = Encoding.UTF8.GetString(store.Get(layout.Validation));
        string rejects = Encoding.UTF8.GetString(store.Get(layout.Rejects));
        string plan = Encoding.UTF8.GetString(store.Get(layout.Plan));

        // As a reader sees it: the record's own escapes, one more level for the string that holds it.
        const string storedRaw = "\"raw\": \"{\\\"id\\\":\\\"x\\\",\\\"name\\\":\\\"say \\\\\\\"hi\\\\\\\" <b>&'caf\u00e9\\\"}\"";
        Assert.Contains(storedRaw, validation, StringComparison.Ordinal);
        Assert.Contains(storedRaw.Replace(": ", ":", StringComparison.Ordinal), rejects, StringComparison.Ordinal);
        Assert.Contains("\"key\": \"drop/say \\\"hi\\\".jsonl\"", plan, StringComparison.Ordinal);
        foreach (string document in new[] { validation, rejects, plan })
        {
            Assert.DoesNotContain("\\u00", document, StringComparison.Ordinal);
        }

        ValidationReport report = JsonSerializer.Deserialize(store.Get(layout.Validation), HybridBatchJson.Default.ValidationReport)!;
        Assert.Equal([Quoted, "{\"id\":\"y\",\"name\":\"\uFFFD\"}"], report.FirstErrors.Select(e => e.Raw));
        string[] lines = rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(report.FirstErrors.Select(e => e.Raw), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("raw").GetString()));
        Assert.Equal(s_input, JsonSerializer.Deserialize(store.Get(layout.Plan), HybridBatchJson.Default.ChunkPlan)!.Source);
    }
}
