using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>The schemas the validate-once command tests (JSON Lines and Parquet) split and then swap in for workers.</summary>
internal static class ValidateOnceSchemas
{
    public const string Schema = """
        { "type": "object", "required": ["id", "amount"],
          "properties": { "id": { "type": "integer", "minimum": 0 }, "amount": { "type": "number" } } }
        """;

    // Binds and loads like the schema above, but no record passes it: a worker that validates again rejects them all.
    public const string RejectAll = """
        { "type": "object", "required": ["id", "amount"],
          "properties": { "id": { "type": "integer", "minimum": 0 }, "amount": { "type": "number", "maximum": -1 } } }
        """;

    /// <summary>
    /// With <see cref="RejectAll"/> put in place of the run's schema: chunk 0's worker, trusting the split, publishes
    /// its 392 valid records of 400 (every 50th rejected by the split) without validating; chunk 1's, with
    /// <c>--revalidate</c>, validates again and rejects all <paramref name="chunkRecords"/> (exit 4).
    /// </summary>
    public static async Task AssertTrustedAndRevalidatedChunksAsync(string work, string runId, int chunkRecords)
    {
        await File.WriteAllTextAsync(Path.Combine(work, "runs", runId, "schema.json"), RejectAll);

        (int trusted, string answer, string trustedLog) = await CliRunner.RunAsync("process", "--work", work, "--run-id", runId, "--chunk-id", "0");
        (int flag, _, string flagLog) = await CliRunner.RunAsync("process", "--work", work, "--run-id", runId, "--chunk-id", "1", "--revalidate");

        Assert.True(trusted == 0, trustedLog);
        using JsonDocument chunk = JsonDocument.Parse(answer);
        Assert.Equal((392L, 8L), (chunk.RootElement.GetProperty("published").GetInt64(), chunk.RootElement.GetProperty("rejected").GetInt64()));
        string published = await File.ReadAllTextAsync(Path.Combine(work, "runs", runId, "output", "chunk-00000.step-00000.jsonl"));
        Assert.Equal(392, published.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(4, flag);
        Assert.Contains($"this read found {chunkRecords} ({chunkRecords} rejected)", flagLog);
    }
}
