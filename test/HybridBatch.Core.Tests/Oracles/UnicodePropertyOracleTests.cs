using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;
using Xunit.Abstractions;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// Seeded differential test of <c>\p{Script=…}</c>, <c>\p{Script_Extensions=…}</c> and the binary properties against
/// node's <c>RegExp</c> with the <c>u</c> flag: every Script value under every alias and key (Script, sc,
/// Script_Extensions, scx), every binary property under each alias, as <c>\p</c>, <c>\P</c> and inside classes, on
/// code points drawn from each property's ranges, at their edges and at random. Our tables are Unicode
/// <see cref="UnicodeTables.Version"/>, node's ICU another version: code points unassigned in ours, and the property
/// changes between the two versions measured in Data/unicode-version-changes.tsv, are excluded and counted.
/// </summary>
public class UnicodePropertyOracleTests
{
    private const int Seed = 15_17;
    private const int SubjectsPerPattern = 24;

    private static readonly string[] _refused =
    [
        "\\p{Script=greek}", "\\p{sc=Katakana_Or_Hiragana}", "\\p{Script}", "\\p{Greek}", "\\p{scx}", "\\p{sc=}",
        "\\p{RGI_Emoji}", "\\P{Basic_Emoji}", "\\p{Emoji_Keycap_Sequence}", "\\p{alphabetic}", "\\p{Alphabetic=Yes}",
        "\\p{Block=Basic_Latin}", "\\p{Script=Latn=Latin}", "\\p{ Script=Latin}", "\\p{sc = Latin}", "\\p{Bidi_Class=L}",
        "\\p{Script_Extension=Latin}", "\\p{Is_Greek}", "\\p{InGreek}", "\\p{XIDStart}", "[\\p{sc=Foo}]",
    ];

    private static readonly CodePointSet _unassigned = UnicodeTables.Script("Unknown", extensions: false)!;

    private readonly ITestOutputHelper _output;

    public UnicodePropertyOracleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Script_and_binary_properties_agree_with_node_RegExp_u()
    {
        var random = new Random(Seed);
        Dictionary<string, HashSet<int>> changed = LoadVersionChanges(out string changesHeader);
        var cases = new List<(string Pattern, string Property, CodePointSet Set, string[] Subjects)>();
        foreach (string[] names in UnicodeTables.ScriptValues)
        {
            foreach (string value in names)
            {
                foreach (string key in new[] { "Script", "sc", "Script_Extensions", "scx" })
                {
                    bool extensions = key.StartsWith("Script_", StringComparison.Ordinal) || key == "scx";
                    string property = (extensions ? "Script_Extensions=" : "Script=") + names[0];
                    cases.Add(Case(random, key + "=" + value, property, UnicodeTables.Script(names[0], extensions)!));
                }
            }
        }

        foreach (string[] names in UnicodeTables.BinaryProperties)
        {
            foreach (string name in names)
            {
                cases.Add(Case(random, name, names[0], UnicodeTables.Binary(names[0])!));
                cases.Add(Case(random, name, names[0], UnicodeTables.Binary(names[0])!));
            }
        }

        foreach (string name in new[] { "Any", "ASCII", "Assigned" })
        {
            cases.Add(Case(random, name, name, UnicodeProperties.Resolve(name, negated: false)!));
        }

        int firstRefusedCase = cases.Count;
        foreach (string bad in _refused)
        {
            cases.Add(("^" + bad + "$", "", CodePointSet.Empty, ["a"]));
        }

        IReadOnlyList<NodeRegExpOracle.Verdict> expected = NodeRegExpOracle.Judge(cases.Select(c => (c.Pattern, c.Subjects)).ToList());
        int pairs = 0, excludedUnassigned = 0, excludedChanged = 0, refusals = 0, matches = 0;
        var failures = new List<string>();
        for (int i = 0; i < cases.Count && failures.Count < 20; i++)
        {
            (string pattern, string property, CodePointSet set, string[] subjects) = cases[i];
            string where = $"seed {Seed}, case {i}: pattern {pattern}";
            RecordSchema? schema = TryLoad(pattern, out string? refusal);
            if (expected[i].Error is { } nodeError)
            {
                refusals++;
                if (schema is not null)
                {
                    failures.Add($"{where}: node refuses it ({nodeError}), the schema loaded");
                }
                else if (!refusal!.Contains("offset", StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{where}: the refusal does not give the offset: {refusal}");
                }

                continue;
            }

            if (schema is null)
            {
                failures.Add($"{where}: node accepts it, the schema was refused: {refusal}");
                continue;
            }

            if (i >= firstRefusedCase)
            {
                failures.Add($"{where}: node accepts a pattern this test expects refused");
            }

            for (int s = 0; s < subjects.Length; s++)
            {
                int codePoint = char.ConvertToUtf32(subjects[s], 0);
                if (_unassigned.Contains(codePoint) && CharUnicodeInfo.GetUnicodeCategory(codePoint) != UnicodeCategory.PrivateUse)
                {
                    excludedUnassigned++;
                    continue;
                }

                if (changed.TryGetValue(property, out HashSet<int>? points) && points.Contains(codePoint))
                {
                    excludedChanged++;
                    continue;
                }

                pairs++;
                bool nodeMatch = expected[i].Matches![s];
                matches += nodeMatch ? 1 : 0;
                bool ours = schema.ValidateJson(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(subjects[s]))) is null;
                if (ours != nodeMatch)
                {
                    failures.Add($"{where} on U+{codePoint:X4}: node says {nodeMatch}, we say {ours} (in our set: {set.Contains(codePoint)})");
                }
            }
        }

        _output.WriteLine($"seed {Seed}: {cases.Count} patterns ({refusals} refused by both), {pairs} (pattern, code point) pairs compared, {matches} matches, " +
            $"excluded: {excludedUnassigned} unassigned in Unicode {UnicodeTables.Version}, {excludedChanged} changed since ({changesHeader}; " +
            $"{changed.Values.Sum(p => p.Count)} (property, code point) changes listed)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(pairs >= 20_000 && matches >= 5_000 && pairs - matches >= 5_000, $"seed {Seed}: too few or one-sided: {matches} matches of {pairs}");
    }

    /// <summary>One pattern for the property written as <paramref name="body"/>, in one of four forms, with its subjects.</summary>
    private static (string, string, CodePointSet, string[]) Case(Random random, string body, string property, CodePointSet set)
    {
        (string pattern, bool negated) = random.Next(4) switch
        {
            0 => ($"^\\p{{{body}}}$", false),
            1 => ($"^\\P{{{body}}}$", true),
            2 => ($"^[\\p{{{body}}}]$", false),
            _ => ($"^[^\\p{{{body}}}]$", true),
        };
        var subjects = new string[SubjectsPerPattern];
        for (int s = 0; s < subjects.Length; s++)
        {
            subjects[s] = char.ConvertFromUtf32(Subject(random, set, s));
        }

        return (pattern, property, negated ? set.Complement() : set, subjects);
    }

    /// <summary>
    /// A third inside the set's ranges, a third at a range's edge (either side), a third anywhere assigned in our
    /// Unicode version (most code points are unassigned: drawn uniformly, few would be compared).
    /// </summary>
    private static int Subject(Random random, CodePointSet set, int index)
    {
        while (true)
        {
            int codePoint;
            if (set.IsEmpty || index % 3 == 2)
            {
                codePoint = random.Next(0, CodePointSet.MaxCodePoint + 1);
                if (_unassigned.Contains(codePoint))
                {
                    continue;
                }
            }
            else
            {
                (int first, int last) = set.Ranges[random.Next(set.Ranges.Count)];
                codePoint = index % 3 == 0
                    ? random.Next(first, last + 1)
                    : random.Next(4) switch { 0 => first - 1, 1 => first, 2 => last, _ => last + 1 };
            }

            // A lone surrogate cannot be a JSON string's content decoded from UTF-8.
            if (codePoint is >= 0 and <= CodePointSet.MaxCodePoint and not (>= 0xD800 and <= 0xDFFF))
            {
                return codePoint;
            }
        }
    }

    private static Dictionary<string, HashSet<int>> LoadVersionChanges(out string header)
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Oracles", "Data", "unicode-version-changes.tsv"));
        header = lines[0].TrimStart('#', ' ');
        var changes = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            string[] parts = line.Split('\t');
            changes[parts[0]] = parts[1].Split(' ').Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToHashSet();
        }

        return changes;
    }

    private static RecordSchema? TryLoad(string pattern, out string? refusal)
    {
        string schema = "{\"type\":\"string\",\"pattern\":" + JsonSerializer.Serialize(pattern) + "}";
        try
        {
            refusal = null;
            return RecordSchema.Load(Encoding.UTF8.GetBytes(schema), "oracle", TimeSpan.FromSeconds(5));
        }
        catch (SchemaLoadException refused)
        {
            refusal = refused.Message;
            return null;
        }
    }
}
