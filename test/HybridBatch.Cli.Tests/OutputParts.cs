using System.Globalization;
using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>What the file destination holds for a chunk: its committed step parts, in order, as one text.</summary>
internal static class OutputParts
{
    public static string Read(string outputFolder, int chunkId) => string.Concat(
        Directory.GetFiles(outputFolder, $"chunk-{chunkId:D5}.step-*.jsonl").Order(StringComparer.Ordinal).Select(File.ReadAllText));

    /// <summary>Every envelope line of every chunk in the folder.</summary>
    public static IEnumerable<string> Lines(string outputFolder) =>
        Directory.GetFiles(outputFolder, "chunk-*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines);

    /// <summary>The record index of every envelope in the folder (none when the folder is absent).</summary>
    public static IEnumerable<long> RecordIndexes(string outputFolder) => Directory.Exists(outputFolder)
        ? Lines(outputFolder).Select(line =>
        {
            using JsonDocument envelope = JsonDocument.Parse(line);
            return long.Parse(envelope.RootElement.GetProperty("headers").GetProperty("recordIndex").GetString()!, CultureInfo.InvariantCulture);
        }).ToList()
        : [];
}
