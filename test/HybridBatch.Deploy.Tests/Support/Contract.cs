using System.Text.RegularExpressions;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>What statemachine/README.md (the contract between the state machine and the handlers) lists.</summary>
internal static partial class Contract
{
    /// <summary>The first column of the "Handlers" table: split, route, …</summary>
    public static IReadOnlyList<string> HandlerNames() =>
        Section("## Handlers").Select(line => HandlerRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>Every `NAME` of the "Function settings" section.</summary>
    public static IReadOnlyList<string> Settings() =>
        Section("## Function settings").SelectMany(line => Setting().Matches(line)).Select(m => m.Groups[1].Value).Distinct().ToList();

    private static IEnumerable<string> Section(string heading)
    {
        string[] lines = File.ReadAllLines(Repository.Contract);
        int start = Array.FindIndex(lines, l => l == heading || l.StartsWith(heading + " ", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidDataException($"{Repository.Contract} has no section '{heading}'");
        }

        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\|\s*`([a-z-]+)`\s*\|")]
    private static partial Regex HandlerRow();

    [GeneratedRegex(@"`([A-Z][A-Z0-9_]+)`")]
    private static partial Regex Setting();
}
