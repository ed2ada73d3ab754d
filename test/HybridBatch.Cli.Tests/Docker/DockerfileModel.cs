using System.Text;
using System.Text.RegularExpressions;

namespace HybridBatch.Cli.Tests.Docker;

/// <summary>One instruction: its keyword in upper case and the rest of the (joined) line.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>One build stage: its <c>FROM</c> image (build arguments resolved), its name and its instructions.</summary>
internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>The default of an <c>ARG</c> declared in this stage, or null.</summary>
    public string? ArgDefault(string name) => All("ARG")
        .Select(i => i.Arguments.Split('=', 2))
        .Where(parts => parts[0].Trim() == name && parts.Length == 2)
        .Select(parts => parts[1].Trim().Trim('"'))
        .LastOrDefault();
}

/// <summary>
/// Just enough of the Dockerfile syntax to check what a Dockerfile does without Docker: line continuations,
/// comments, stages, <c>ARG</c> defaults in <c>FROM</c>. Heredocs and escape directives are refused, not guessed.
/// </summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"no stage named '{name}'");

    public static DockerfileModel Parse(string text)
    {
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        (string Image, string? Name)? current = null;
        var instructions = new List<DockerInstruction>();
        foreach (DockerInstruction instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is { } open)
                {
                    stages.Add(new DockerStage(open.Image, open.Name, instructions));
                }

                current = ParseFrom(instruction, globalArgs);
                instructions = [];
            }
            else if (current is null)
            {
                if (instruction.Keyword != "ARG")
                {
                    throw new FormatException($"line {instruction.Line}: only ARG may come before the first FROM");
                }

                string[] parts = instruction.Arguments.Split('=', 2);
                globalArgs[parts[0].Trim()] = parts.Length == 2 ? parts[1].Trim().Trim('"') : "";
            }
            else
            {
                instructions.Add(instruction);
            }
        }

        if (current is { } last)
        {
            stages.Add(new DockerStage(last.Image, last.Name, instructions));
        }

        return stages.Count > 0 ? new DockerfileModel(stages) : throw new FormatException("no FROM instruction");
    }

    private static (string Image, string? Name) ParseFrom(DockerInstruction from, Dictionary<string, string> globalArgs)
    {
        string[] words = from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
        string image = ArgReference().Replace(words[0], m =>
            globalArgs.TryGetValue(m.Groups[1].Value + m.Groups[2].Value, out string? value) ? value
            : throw new FormatException($"line {from.Line}: FROM uses {m.Value}, which no ARG before the first FROM declares"));
        return words.Length switch
        {
            1 => (image, null),
            3 when words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) => (image, words[2]),
            _ => throw new FormatException($"line {from.Line}: cannot read FROM {from.Arguments}"),
        };
    }

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.StartsWith('#') || (trimmed.Length == 0 && logical.Length == 0))
            {
                if (trimmed.StartsWith("# escape=", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FormatException("escape directives are not supported");
                }

                continue;
            }

            if (logical.Length == 0)
            {
                start = i + 1;
            }

            bool continues = trimmed.EndsWith('\\');
            logical.Append(continues ? trimmed[..^1] : trimmed).Append(' ');
            if (continues)
            {
                continue;
            }

            string joined = logical.ToString().Trim();
            logical.Clear();
            if (joined.Contains("<<", StringComparison.Ordinal))
            {
                throw new FormatException($"line {start}: heredocs are not supported");
            }

            int space = joined.IndexOf(' ');
            yield return space < 0
                ? new DockerInstruction(joined.ToUpperInvariant(), "", start)
                : new DockerInstruction(joined[..space].ToUpperInvariant(), Whitespace().Replace(joined[(space + 1)..], " ").Trim(), start);
        }

        if (logical.Length > 0)
        {
            throw new FormatException("the last instruction ends with a line continuation");
        }
    }

    [GeneratedRegex(@"\$\{(\w+)\}|\$(\w+)")]
    private static partial Regex ArgReference();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
