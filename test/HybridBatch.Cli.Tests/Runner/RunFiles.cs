using System.Text.Json;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>What a local run left under <c>--out</c>: its run folders, report and delivered messages.</summary>
internal static class RunFiles
{
    /// <summary>The run folders under <c>{out}/runs/</c>, by name.</summary>
    public static IReadOnlyList<string> RunFolders(string outFolder) =>
        Directory.Exists(Path.Combine(outFolder, "runs")) ? Directory.GetDirectories(Path.Combine(outFolder, "runs")).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Every committed message line of the file destination in a run folder (any part layout; no temporary files).</summary>
    public static IReadOnlyList<string> OutputLines(string runFolder)
    {
        string output = Path.Combine(runFolder, "output");
        if (!Directory.Exists(output))
        {
            return [];
        }

        return Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .ToList();
    }

    /// <summary>Files a failed attempt could leave behind: uncommitted writes and unfinished parts.</summary>
    public static IReadOnlyList<string> Temporary(string outFolder) =>
        Directory.EnumerateFiles(outFolder, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(".tmp-", StringComparison.Ordinal) || f.Contains(".partial-", StringComparison.Ordinal))
            .ToList();

    /// <summary>The record identities (<c>runId:recordIndex</c>) of message envelopes.</summary>
    public static IReadOnlyList<string> Identities(IEnumerable<string> envelopes) => envelopes.Select(line =>
    {
        using JsonDocument message = JsonDocument.Parse(line);
        JsonElement headers = message.RootElement.GetProperty("headers");
        return $"{headers.GetProperty("runId").GetString()}:{headers.GetProperty("recordIndex")}";
    }).ToList();

    public static JsonDocument Report(string runFolder) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json")));
}
