using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;
using Json.Schema;
using Xunit.Abstractions;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// Seeded differential test of every asserted <c>format</c> against JsonSchema.Net 8.0.5 (format assertion on):
/// 20,000 strings per format, each a valid example with one to three edits near the places a format's rules
/// bite (digits, separators, case, lengths, non-ASCII). Where JsonSchema.Net is knowingly lax or wrong against the
/// RFC, <see cref="FormatOracleDifferences"/> names the rule and the RFC; any other disagreement fails. For
/// <c>uri</c> and <c>uri-reference</c> JsonSchema.Net asks System.Uri, which is no RFC 3986 parser, so those two
/// are held to the RFC by <c>RfcFormatTests</c> and only counted here.
/// </summary>
public class FormatOracleTests
{
    private const int Seed = 3339_5321;
    private const int PerFormat = 20_000;

    private static readonly Dictionary<string, string[]> _seeds = new()
    {
        ["date-time"] = ["2024-02-29T23:59:60Z", "1990-12-31T15:59:60-08:00", "2024-01-01T00:00:00.123+05:30", "2023-02-28t12:00:00z", "1963-06-19T08:30:06.283185Z"],
        ["date"] = ["2024-02-29", "2023-12-31", "1900-02-28", "2000-02-29", "2021-04-30"],
        ["time"] = ["23:59:60Z", "08:30:06.5+01:30", "00:00:00z", "12:34:56-00:00", "15:59:60-08:00"],
        ["duration"] = ["P1Y2M3DT4H5M6S", "P2W", "PT36H", "P1M2D", "PT1M2S", "P0D", "P4DT12H30M5S"],
        ["email"] = ["joe.bloggs@example.com", "\"joe bloggs\"@example.com", "a@[127.0.0.1]", "a@[IPv6:::1]", "x+y@sub.example.org"],
        ["hostname"] = ["www.example.com", "xn--4gbwdl.xn--wgbh1c", "a-b.c-d", "localhost", "1.2.3.com"],
        ["ipv4"] = ["192.168.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.10", "127.0.0.1"],
        ["ipv6"] = ["::1", "1:2:3:4:5:6:7:8", "::ffff:192.168.0.1", "fe80::1:2", "1::", "2001:db8::7"],
        ["uri"] = ["http://foo.bar/?baz=qux#quux", "urn:isbn:0451450523", "http://[2001:db8::7]/c=GB?x", "mailto:a@b.c", "ftp://u:p@h:21/p%20q"],
        ["uri-reference"] = ["http://foo.bar/?baz=qux#quux", "//foo/bar", "/abc?x#y", "../a", "#f", "a/b:c"],
        ["uuid"] = ["2eb8aa08-aa98-11ea-b4aa-73b441d16380", "00000000-0000-0000-0000-000000000000", "2EB8AA08-AA98-11EA-B4AA-73B441D16380"],
    };

    private static readonly string[] _edits =
    [
        "0", "1", "2", "5", "9", "a", "f", "g", "x", "z", "A", "F", "Z", "T", "t", "P", "W", "Y", "M", "D", "H", "S", "-", "+", ":", ".",
        "/", "?", "#", "@", "[", "]", "%", "_", "~", " ", "\"", "\\", ",", "২", "é", "\n", "::", "60", "24", "00", "255", "256", "0x",
    ];

    private readonly ITestOutputHelper _output;

    public FormatOracleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Every_asserted_format_agrees_with_JsonSchema_Net_or_the_difference_is_a_named_RFC_rule()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        foreach ((string name, string[] seeds) in _seeds)
        {
            StringFormat format = FormatChecks.Parse(name);
            Assert.NotEqual(StringFormat.None, format);
            JsonSchema theirs = JsonSchema.FromText($"{{\"format\":\"{name}\"}}");
            var explained = new Dictionary<string, int>();
            int valid = 0;
            for (int i = 0; i < PerFormat; i++)
            {
                string value = Mutate(random, seeds[random.Next(seeds.Length)]);
                bool ours = FormatChecks.IsValid(format, Encoding.UTF8.GetBytes(value));
                bool oracle;
                using (JsonDocument document = JsonDocument.Parse(JsonSerializer.Serialize(value)))
                {
                    try
                    {
                        oracle = theirs.Evaluate(document.RootElement, SchemaOracleTests.OracleOptions).IsValid;
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        // JsonSchema.Net 8.0.5's uri check (Formats.CheckAbsoluteUri) throws on some inputs: no verdict.
                        explained["JsonSchema.Net throws (its CheckAbsoluteUri takes a negative Substring length); the RFC decides"] =
                            explained.GetValueOrDefault("JsonSchema.Net throws (its CheckAbsoluteUri takes a negative Substring length); the RFC decides") + 1;
                        continue;
                    }
                }

                valid += ours ? 1 : 0;
                if (ours == oracle)
                {
                    continue;
                }

                string? rule = FormatOracleDifferences.Explain(name, value, ours);
                if (rule is null)
                {
                    if (failures.Count < 80)
                    {
                        failures.Add($"seed {Seed}, {name} #{i}: {JsonSerializer.Serialize(value)}: JsonSchema.Net {(oracle ? "valid" : "invalid")}, ours {(ours ? "valid" : "invalid")}");
                    }
                }
                else
                {
                    explained[rule] = explained.GetValueOrDefault(rule) + 1;
                }
            }

            _output.WriteLine($"{name}: {PerFormat} strings, {valid} valid by the RFC; known JsonSchema.Net differences: "
                + (explained.Count == 0 ? "none" : string.Join("; ", explained.Select(e => $"{e.Value} × {e.Key}"))));
            Assert.InRange(valid, PerFormat / 50, PerFormat - (PerFormat / 50));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>One to three edits: replace, insert or delete at a random place, or cut the end.</summary>
    private static string Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        int edits = random.Next(0, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(text.Length + 1);
            string piece = _edits[random.Next(_edits.Length)];
            switch (random.Next(4))
            {
                case 0 when at < text.Length:
                    text.Remove(at, 1).Insert(at, piece);
                    break;
                case 1:
                    text.Insert(at, piece);
                    break;
                case 2 when at < text.Length:
                    text.Remove(at, 1);
                    break;
                default:
                    text.Length = Math.Min(text.Length, at);
                    break;
            }
        }

        return text.ToString();
    }
}
