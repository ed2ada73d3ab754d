using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The tagged-union shortcut for <c>oneOf</c> (<see cref="BranchDiscriminator"/>) must give the verdict and the
/// reason the full evaluation gives. The same schema is loaded twice: as is, and with an unused pattern that needs
/// the backtracking engine, which turns the shortcut off; seeded random objects must get the same outcome from both.
/// </summary>
public class BranchDiscriminatorTests
{
    private const int Seed = 4242;

    private const string Union = """
        {
          "type": "object",
          "properties": {
            "payment": {
              "oneOf": [
                { "$ref": "#/$defs/card" }, { "$ref": "#/$defs/iban" },
                { "type": "object", "properties": { "kind": { "const": "wallet" }, "provider": { "enum": ["paypal", "applepay"] } }, "required": ["provider"] },
                { "type": "object", "properties": { "provider": { "const": "paypal" } } }
              ],
              "unevaluatedProperties": false
            }
          },
          "$defs": {
            "card": { "type": "object", "required": ["kind", "last4"], "properties": { "kind": { "const": "card" }, "last4": { "type": "string", "pattern": "^[0-9]{4}$" } } },
            "iban": { "type": "object", "required": ["kind", "iban"], "properties": { "kind": { "const": "iban" }, "iban": { "type": "string", "minLength": 5 } } }
          }
        }
        """;

    private static readonly string[] Kinds = ["\"card\"", "\"iban\"", "\"wallet\"", "\"other\"", "\"c\\u0061rd\"", "1", "null", "[\"card\"]"];
    private static readonly string[] Others =
    [
        "\"last4\":\"1234\"", "\"last4\":\"12a4\"", "\"iban\":\"DE0012345\"", "\"iban\":\"DE\"", "\"provider\":\"paypal\"",
        "\"provider\":\"applepay\"", "\"provider\":\"cash\"", "\"extra\":true", "\"k\\u0069nd\":\"card\"",
    ];

    [Fact]
    public void ShortcutGivesTheFullEvaluationsVerdictAndReason()
    {
        RecordSchema fast = RecordSchema.Load(Encoding.UTF8.GetBytes(Union), "union");
        RecordSchema plain = RecordSchema.Load(Encoding.UTF8.GetBytes(Union.Replace("\"$defs\": {", "\"$defs\": { \"off\": { \"pattern\": \"(?=a)\" },", StringComparison.Ordinal)), "union");
        Assert.True(HasDiscriminator(fast), "the shortcut should be on for the schema as written");
        Assert.False(HasDiscriminator(plain), "a pattern that may time out must turn the shortcut off");

        var random = new Random(Seed);
        int valid = 0;
        for (int n = 0; n < 50_000; n++)
        {
            var members = new List<string>();
            if (random.Next(6) != 0)
            {
                members.Add("\"kind\":" + Kinds[random.Next(Kinds.Length)]);
            }

            for (int i = random.Next(4); i > 0; i--)
            {
                members.Add(Others[random.Next(Others.Length)]);
            }

            Shuffle(random, members);
            string record = $"{{\"payment\":{{{string.Join(",", members)}}}}}";
            byte[] bytes = Encoding.UTF8.GetBytes(record);
            string? expected = plain.ValidateJson(bytes)?.ToString();
            valid += expected is null ? 1 : 0;
            Assert.True(expected == fast.ValidateJson(bytes)?.ToString(), $"seed {Seed}, case {n}: {record}: plain '{expected}', fast '{fast.ValidateJson(bytes)}'");
        }

        // Both outcomes must be common, or the comparison proves little.
        Assert.InRange(valid, 2_000, 48_000);
    }

    [Fact]
    public void NoDiscriminatorWithoutTwoBranchesFixingTheSameProperty()
    {
        RecordSchema schema = RecordSchema.Load("""{"oneOf":[{"properties":{"a":{"const":"x"}}},{"properties":{"b":{"const":"y"}}}]}"""u8, "t");
        Assert.False(HasDiscriminator(schema));
    }

    private static bool HasDiscriminator(RecordSchema schema)
    {
        SchemaNode node = schema.Root.Properties is { } table ? table.Nodes[table.Find("payment")]! : schema.Root;
        return node.Compound?.OneOfDiscriminator is not null;
    }

    private static void Shuffle(Random random, List<string> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
