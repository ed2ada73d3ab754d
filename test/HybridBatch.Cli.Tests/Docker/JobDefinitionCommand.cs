namespace HybridBatch.Cli.Tests.Docker;

/// <summary>
/// The <c>Command</c> of one of template.yaml's Batch job definitions, read from the template's text (this project
/// has no YAML reader; the Deploy tests check the template's structure), with its <c>Ref::name</c> placeholders filled
/// as Batch fills them from SubmitJob's parameters and its <c>!Ref Parameter</c> values given by the test. So a test
/// runs the worker binary exactly as the job definition does; a placeholder the test does not fill fails it.
/// </summary>
internal static class JobDefinitionCommand
{
    public static string[] Read(string logicalId, IReadOnlyDictionary<string, string> values)
    {
        string[] lines = File.ReadAllLines(Repository.File("template.yaml"));
        int resource = Array.FindIndex(lines, l => l == $"  {logicalId}:");
        Assert.True(resource >= 0, $"template.yaml has no resource {logicalId}");
        int end = Array.FindIndex(lines, resource + 1, l => l.Length > 2 && l[2] != ' ' && l.StartsWith("  ", StringComparison.Ordinal));
        end = end < 0 ? lines.Length : end;
        int command = Array.FindIndex(lines, resource, end - resource, l => l.TrimStart().StartsWith("Command:", StringComparison.Ordinal));
        Assert.True(command >= 0, $"{logicalId} has no Command");

        string inline = lines[command].Trim()["Command:".Length..].Trim();
        List<string> words = inline.StartsWith('[')
            ? inline.Trim('[', ']').Split(',').Select(w => w.Trim()).ToList()
            : lines.Skip(command + 1).TakeWhile(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)).Select(l => l.Trim()[2..].Trim()).ToList();
        Assert.NotEmpty(words);
        return words.Select(w => Fill(logicalId, w, values)).ToArray();
    }

    private static string Fill(string logicalId, string word, IReadOnlyDictionary<string, string> values)
    {
        string? name = word.StartsWith("Ref::", StringComparison.Ordinal) ? word["Ref::".Length..]
            : word.StartsWith("!Ref ", StringComparison.Ordinal) ? word["!Ref ".Length..].Trim()
            : null;
        if (name is null)
        {
            return word;
        }

        return values.TryGetValue(name, out string? value) ? value
            : throw new InvalidOperationException($"{logicalId}'s Command uses {word}, which the test does not fill");
    }
}
