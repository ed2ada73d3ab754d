using System.IO.Compression;
using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// Issue 15: <c>plan</c> stages nothing it does not keep. Planning a .gz or .zst only counts and validates; its
/// decompressed chunks are written by <c>run</c>, which needs them.
/// </summary>
public sealed class PlanStagingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("gz")]
    [InlineData("zst")]
    public async Task Plan_of_a_compressed_file_writes_no_chunk_and_run_still_stages_and_publishes(string suffix)
    {
        string plain = _folder.File("orders.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", "3000", "--seed", "9", "--out", plain);
        Assert.True(generated == 0, generateLog);
        string gz = _folder.File("orders.jsonl." + suffix);
        await using (FileStream target = File.Create(gz))
        await using (Stream compress = suffix == "gz" ? new GZipStream(target, CompressionLevel.Fastest) : new ZstdSharp.CompressionStream(target, level: 1))
        await using (FileStream source = File.OpenRead(plain))
        {
            await source.CopyToAsync(compress);
        }

        string outDir = _folder.File("out");
        (int planned, string planOut, string planLog) = await CliRunner.RunAsync("plan", gz, "--schema", "orders", "--chunk-records", "1000", "--out", outDir);

        Assert.True(planned == 0, planLog + planOut);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outDir, "runs")));
        Assert.False(Directory.Exists(Path.Combine(runFolder, "chunks")), "plan staged decompressed chunks");
        using (JsonDocument plan = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "plan.json"))))
        {
            JsonElement chunks = plan.RootElement.GetProperty("chunks");
            Assert.Equal(3, chunks.GetArrayLength());
            Assert.All(chunks.EnumerateArray(), c => Assert.False(c.TryGetProperty("stagedKey", out _)));
        }

        (int ran, string runOut, string runLog) = await CliRunner.RunAsync("run", gz, "--schema", "orders", "--chunk-records", "1000", "--out", outDir);

        Assert.True(ran == 0, runLog + runOut);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(runFolder, "chunks")).Length);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json")));
        Assert.Equal(3000, report.RootElement.GetProperty("published").GetInt64() + report.RootElement.GetProperty("rejected").GetInt64());
    }

    public void Dispose() => _folder.Dispose();
}
