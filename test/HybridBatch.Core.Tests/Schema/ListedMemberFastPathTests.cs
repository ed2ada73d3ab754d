using System.Text;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// Two shortcuts over the names a schema's <c>properties</c> lists, each compared with the path it skips on seeded
/// schemas and records that hit both sides of it: <see cref="CompoundKeywords.ListedMembersInTaggedBranch"/> (a tagged
/// union's branch walk that met only listed members leaves nothing to <c>unevaluatedProperties</c>) and
/// <see cref="CompoundKeywords.ListedPatternHits"/> (a listed name's <c>patternProperties</c> matches worked out at
/// load). Same verdict, field and reason, or the test fails with the seed, schema and record.
/// </summary>
public class ListedMemberFastPathTests
{
    private const int Schemas = 400;
    private const int RecordsPerSchema = 40;

    // Few letters, so listed names, unlisted names and pattern hits all come up often.
    private static readonly string[] _names = ["a", "b", "ab", "ba", "x-a", "x-b", "kind", "a1", "b2", "zz"];

    private static readonly string[] _patterns = ["^x-", "a$", "^b", "[0-9]", "^zz$", "^(a|b)+$"];

    [Theory]
    [InlineData(20261206)]
    [InlineData(77)]
    [InlineData(4242)]
    public void Tagged_branch_walk_gives_the_listing_pass_verdict(int seed)
    {
        Console.WriteLine($"tagged branch unevaluated: seed {seed}");
        var random = new Random(seed);
        Compare(seed, random, TaggedUnionSchema, TaggedUnionRecord, TurnOffListedMembers);
    }

    [Theory]
    [InlineData(20261206)]
    [InlineData(99)]
    [InlineData(31337)]
    public void Pattern_hits_worked_out_at_load_give_the_per_record_verdict(int seed)
    {
        Console.WriteLine($"listed pattern hits: seed {seed}");
        var random = new Random(seed);
        Compare(seed, random, PatternSchema, PatternRecord, TurnOffListedPatternHits);
    }

    [Fact]
    public void The_bench_payments_schema_takes_both_shortcuts()
    {
        RecordSchema schema = RecordSchema.Load(File.ReadAllBytes(Repository.File("bench/payments.schema.json")), "payments");
        Assert.True(TurnOffListedPatternHits(schema.Root) > 0, "the root's listed names no longer have their pattern hits at load");
        Assert.True(TurnOffListedMembers(schema.Root) > 0, "the payment's oneOf no longer walks the tagged branch");
    }

    private static void Compare(int seed, Random random, Func<Random, string> schemaOf, Func<Random, string, string> recordOf, Func<SchemaNode, int> turnOff)
    {
        var disagreements = new List<string>();
        int pairs = 0;
        int rejects = 0;
        for (int s = 0; s < Schemas; s++)
        {
            string schemaText = schemaOf(random);
            byte[] schemaBytes = Encoding.UTF8.GetBytes(schemaText);
            RecordSchema fast = RecordSchema.Load(schemaBytes, "fast");
            RecordSchema general = RecordSchema.Load(schemaBytes, "general");
            Assert.True(turnOff(general.Root) > 0, $"seed {seed}: the schema does not take the shortcut: {schemaText}");
            for (int r = 0; r < RecordsPerSchema; r++)
            {
                string record = recordOf(random, schemaText);
                string expected = Verdict(general, record);
                string actual = Verdict(fast, record);
                pairs++;
                rejects += expected == "valid" ? 0 : 1;
                if (expected != actual && disagreements.Count < 10)
                {
                    disagreements.Add($"schema {schemaText}\n  record {record}\n  general: {expected}\n  fast: {actual}");
                }
            }
        }

        Console.WriteLine($"seed {seed}: {pairs} pairs, {rejects} rejected");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count}+ disagreements in {pairs} pairs\n" + string.Join("\n", disagreements));
        Assert.InRange(rejects, pairs / 10, pairs - (pairs / 10));
    }

    /// <summary>
    /// An object with a tagged-union <c>oneOf</c> and <c>unevaluatedProperties</c>; branches list a few names (some
    /// only in <c>required</c>), may write <c>additionalProperties</c>, and one in four has an applicator of its own.
    /// </summary>
    private static string TaggedUnionSchema(Random random)
    {
        string[] tags = ["card", "iban", "wallet"];
        var branches = new List<string>();
        var defs = new List<string>();
        foreach (string tag in tags)
        {
            var properties = new List<string> { $"\"kind\":{{\"const\":\"{tag}\"}}" };
            var required = new List<string> { "\"kind\"" };
            foreach (string name in Pick(random, _names, 3))
            {
                if (name == "kind")
                {
                    continue;
                }

                if (random.Next(4) == 0)
                {
                    required.Add($"\"{name}\"");
                }
                else
                {
                    properties.Add($"\"{name}\":{ValueSchema(random)}");
                }
            }

            string additional = random.Next(5) switch
            {
                0 => ",\"additionalProperties\":true",
                1 => ",\"additionalProperties\":{\"type\":\"integer\"}",
                _ => "",
            };
            string applicator = random.Next(4) == 0 ? ",\"allOf\":[{\"properties\":{\"zz\":{\"type\":\"integer\"}}}]" : "";
            string branch = $"{{\"type\":\"object\",\"required\":[{string.Join(",", required)}],\"properties\":{{{string.Join(",", properties)}}}{additional}{applicator}}}";
            if (random.Next(2) == 0)
            {
                defs.Add($"\"{tag}\":{branch}");
                branches.Add($"{{\"$ref\":\"#/$defs/{tag}\"}}");
            }
            else
            {
                branches.Add(branch);
            }
        }

        string unevaluated = random.Next(3) == 0 ? "{\"type\":\"string\"}" : "false";
        string defsText = defs.Count == 0 ? "" : $",\"$defs\":{{{string.Join(",", defs)}}}";
        return $"{{\"type\":\"object\",\"properties\":{{\"payment\":{{\"oneOf\":[{string.Join(",", branches)}],\"unevaluatedProperties\":{unevaluated}}}}}{defsText}}}";
    }

    /// <summary>A record whose payment starts with a tag and holds names of every kind, sometimes a nested object.</summary>
    private static string TaggedUnionRecord(Random random, string schema)
    {
        string tag = random.Next(10) == 0 ? "cash" : new[] { "card", "iban", "wallet" }[random.Next(3)];
        var members = new List<string> { $"\"kind\":\"{tag}\"" };
        foreach (string name in Pick(random, _names, random.Next(4)))
        {
            if (name != "kind")
            {
                members.Add($"\"{name}\":{Value(random)}");
            }
        }

        return $"{{\"payment\":{{{string.Join(",", members)}}}}}";
    }

    /// <summary>An object with listed names, <c>patternProperties</c>, and perhaps additional or unevaluated properties.</summary>
    private static string PatternSchema(Random random)
    {
        var properties = new List<string>();
        foreach (string name in Pick(random, _names, 1 + random.Next(4)))
        {
            properties.Add($"\"{name}\":{ValueSchema(random)}");
        }

        var patterns = new List<string>();
        foreach (string pattern in Pick(random, _patterns, 1 + random.Next(3)))
        {
            patterns.Add($"\"{pattern}\":{ValueSchema(random)}");
        }

        string rest = random.Next(3) switch
        {
            0 => ",\"additionalProperties\":false",
            1 => ",\"unevaluatedProperties\":false",
            _ => ",\"additionalProperties\":{\"type\":\"string\"}",
        };
        return $"{{\"type\":\"object\",\"properties\":{{{string.Join(",", properties)}}},\"patternProperties\":{{{string.Join(",", patterns)}}}{rest}}}";
    }

    private static string PatternRecord(Random random, string schema)
    {
        var members = new List<string>();
        foreach (string name in Pick(random, _names, random.Next(5)))
        {
            // Now and then a listed name written with an escape, which the walk unescapes before matching.
            string written = random.Next(8) == 0 ? $"\\u{(int)name[0]:x4}{name[1..]}" : name;
            members.Add($"\"{written}\":{Value(random)}");
        }

        return $"{{{string.Join(",", members)}}}";
    }

    private static string ValueSchema(Random random) => random.Next(4) switch
    {
        0 => "{\"type\":\"string\"}",
        1 => "{\"type\":\"integer\"}",
        2 => "{\"type\":[\"string\",\"integer\"]}",
        _ => "true",
    };

    private static string Value(Random random) => random.Next(5) switch
    {
        0 => "\"s\"",
        1 => random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => "1.5",
        3 => "{\"zz\":1,\"q\":[1]}",
        _ => "true",
    };

    private static IEnumerable<string> Pick(Random random, string[] from, int count) =>
        from.OrderBy(_ => random.Next()).Take(count);

    private static string Verdict(RecordSchema schema, string record) =>
        schema.ValidateJson(Encoding.UTF8.GetBytes(record)) is { } error
            ? $"{error.Field} | {error.Reason} | timed out: {error.PatternTimedOut}"
            : "valid";

    private static int TurnOffListedMembers(SchemaNode root) => TurnOff(root, compound =>
    {
        bool on = compound.TaggedUnionInWalk && compound.ListedMembersInTaggedBranch;
        compound.ListedMembersInTaggedBranch = false;
        return on;
    });

    private static int TurnOffListedPatternHits(SchemaNode root) => TurnOff(root, compound =>
    {
        bool on = compound.ListedPatternHits is not null;
        compound.ListedPatternHits = null;
        return on;
    });

    /// <summary>Applies <paramref name="turnOff"/> to every reachable node's keywords; counts those where it was on.</summary>
    private static int TurnOff(SchemaNode root, Func<CompoundKeywords, bool> turnOff)
    {
        int count = 0;
        foreach (SchemaNode node in SchemaNodeChildren.Reachable(root))
        {
            if (node.Compound is { } compound && turnOff(compound))
            {
                count++;
            }
        }

        return count;
    }
}
