using System.Text.RegularExpressions;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>What statemachine/README.md (the contract between the state machine and the handlers) lists.</summary>
internal static partial class Contract
{
    /// <summary>The first column of the "Handlers" table: split, route, …</summary>
    public static IReadOnlyList<string> HandlerNames() =>
        Section("## Handlers").Select(line => HandlerRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The settings the "Function settings" section names outside its table: they apply to every function.</summary>
    public static IReadOnlySet<string> SettingsOfEveryFunction() =>
        Section("## Function settings").Where(line => !line.StartsWith('|'))
            .SelectMany(line => Setting().Matches(line)).Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>The rows of the "Function settings" table: handler → (required, optional) setting names.</summary>
    public static IReadOnlyDictionary<string, (IReadOnlySet<string> Required, IReadOnlySet<string> Optional)> SettingsByHandler()
    {
        var rows = new Dictionary<string, (IReadOnlySet<string>, IReadOnlySet<string>)>(StringComparer.Ordinal);
        foreach (string line in Section("## Function settings").Where(line => line.StartsWith('|')))
        {
            string[] cells = line.Split('|');
            Match handler = HandlerRow().Match(line);
            if (!handler.Success || cells.Length < 5)
            {
                continue;
            }

            rows.Add(handler.Groups[1].Value, (Names(cells[2]), Names(cells[3])));
        }

        return rows;

        static IReadOnlySet<string> Names(string cell) => Setting().Matches(cell).Select(m => m.Groups[1].Value).ToHashSet();
    }

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
