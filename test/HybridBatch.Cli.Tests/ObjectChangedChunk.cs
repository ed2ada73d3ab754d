using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>What a worker must do with a chunk whose input changed in place after the split, whatever the format.</summary>
internal static class ObjectChangedChunk
{
    /// <summary>
    /// Changes <paramref name="input"/>'s bytes in place, keeping its size (the edit may not change the length) and,
    /// as <c>touch -r</c> would, its modification time: what a local version is made of stays the same.
    /// </summary>
    public static async Task EditKeepingSizeAndTimeAsync(string input, Action<byte[]> edit)
    {
        DateTime modified = File.GetLastWriteTimeUtc(input);
        byte[] bytes = await File.ReadAllBytesAsync(input);
        int length = bytes.Length;
        edit(bytes);
        Assert.Equal(length, bytes.Length);
        await File.WriteAllBytesAsync(input, bytes);
        File.SetLastWriteTimeUtc(input, modified);
    }

    /// <summary>
    /// Runs chunk 0's worker and checks it failed as "object changed" (exit 4, no stack trace), published nothing of
    /// the chunk and recorded the failure in its result.
    /// </summary>
    public static async Task AssertChunkZeroFailsAsync(string work, string runId)
    {
        (int exitCode, _, string log) = await CliRunner.RunAsync("process", "--work", work, "--run-id", runId, "--chunk-id", "0");

        Assert.Equal(4, exitCode);
        Assert.Contains("object changed: ", log);
        Assert.Contains("no longer holds the bytes the split read", log);
        Assert.DoesNotContain("   at ", log);
        string output = Path.Combine(work, "runs", runId, "output");
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output, "chunk-00000*") : []);
        using JsonDocument result = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(work, "runs", runId, "results", "chunk-00000.json")));
        Assert.Equal("failed", result.RootElement.GetProperty("status").GetString());
        Assert.Equal("ObjectChangedException", result.RootElement.GetProperty("errorType").GetString());
    }
}
