using System.Text;
using System.Text.Json.Nodes;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Tests.Oracles;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The walk's fast paths for applicator keywords (<see cref="CompoundKeywords.ObjectKeywordsInWalk"/>: patternProperties,
/// additionalProperties beside them and unevaluatedProperties evaluated member by member; <see cref="CompoundKeywords.ReferenceInWalk"/>:
/// a scalar walked straight through a <c>$ref</c>; <see cref="CompoundKeywords.TaggedUnionInWalk"/>: a tagged-union
/// <c>oneOf</c> walked once with the branch its tag leaves; <see cref="CompoundKeywords.UniqueItemsInWalk"/> and
/// <see cref="CompoundKeywords.MultipleOfInWalk"/>: checked on what the walk just read; <see cref="CompoundKeywords.MultipleOfFractionDigits"/>:
/// a power-of-ten divisor judged by fraction digits) must give exactly what the general pass gives: the same verdict,
/// field and reason. Each case loads the schema twice and turns the fast paths off in one copy.
/// </summary>
public class WalkFastPathDifferentialTests
{
    private const int Schemas = 5_000;
    private const int InstancesPerSchema = 30;

    /// <summary>The bench's payments schema (bench/payments.schema.json) in the shape that matters here.</summary>
    private const string Payments = """
        {
          "type": "object",
          "required": ["order_id", "amount", "payment", "tags"],
          "properties": {
            "order_id": { "type": "string", "pattern": "^ORD-[0-9]{4}$" },
            "amount": { "$ref": "#/$defs/money" },
            "payment": { "oneOf": [{ "$ref": "#/$defs/card" }, { "$ref": "#/$defs/wallet" }], "unevaluatedProperties": false },
            "tags": { "type": "array", "items": { "type": "string" }, "uniqueItems": true },
            "meta": { "type": "object", "patternProperties": { "^n": { "type": "integer" } }, "additionalProperties": { "type": "string" } }
          },
          "patternProperties": { "^x-": { "type": ["string", "number"] }, "^x-n": { "type": "number" } },
          "unevaluatedProperties": false,
          "$defs": {
            "money": { "type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01 },
            "card": { "type": "object", "required": ["kind"], "properties": { "kind": { "const": "card" }, "last4": { "type": "string" } } },
            "wallet": { "type": "object", "required": ["kind"], "properties": { "kind": { "const": "wallet" }, "provider": { "enum": ["paypal"] } } }
          }
        }
        """;

    [Theory]
    [InlineData("""{"order_id":"ORD-0001","amount":12.34,"payment":{"kind":"card","last4":"1234"},"tags":["a","b"],"x-channel":"web"}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":12.345,"payment":{"kind":"card"},"tags":[],"x-channel":true}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":"12","payment":{"kind":"card"},"tags":[],"x-n":"s","other":1}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[],"other":1,"x-channel":true}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[],"other":1,"another":2}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[],"x-a":[1,2,}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[],"zz":{"a":1}, "order_id":"ORD-0002"}""")]
    [InlineData("""{"x-a":true,"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":["a","a"]}""")]
    [InlineData("""{"x-a":true,"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"}}""")]
    [InlineData("""{"order\u005fid":"ORD-0001","am\u006funt":1,"pay\u006dent":{"kind":"card","zz":1},"tags":[],"x\u002dn":"no"}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[],"meta":{"n1":1.5,"s":2,"\u006e2":3}}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[],"meta":{"n1":1,"s":"t"},"\u00e9":1}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":-0.5,"payment":{"kind":"card"},"tags":[],"meta":{"n1":1}}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1e400,"payment":{"kind":"card"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1.""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"wallet","provider":"paypal"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{ "kind" : "wallet" ,"provider":"visa"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"wallet","provider":"paypal","last4":"1"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"provider":"paypal","kind":"wallet"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"cash"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card","kind":"card"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card","last4":12},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card","last4":"1" """)]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card","x":{"y":[1,{"z":2}]}},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card","x":{"y":[1,{"z":2}]},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":[],"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":["a","b","c","b","a"]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":["a","b","b"]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","a"]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":["a", 1, "a"]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":"card"},"tags":["a","a",]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":0.010,"payment":{"kind":"card"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1e-3,"payment":{"kind":"card"},"tags":[]}""")]
    [InlineData("""{"order_id":"ORD-0001","amount":1,"payment":{"kind":""")]
    public void Payments_shaped_records_get_the_general_pass_reason(string record)
    {
        byte[] schema = Encoding.UTF8.GetBytes(Payments);
        RecordSchema fast = RecordSchema.Load(schema, "fast");
        RecordSchema general = RecordSchema.Load(schema, "general");
        Assert.True(TurnOffFastPaths(general.Root) >= 5, "the schema no longer takes the fast paths this test is about");

        Assert.Equal(Verdict(general, record), Verdict(fast, record));
    }

    [Theory]
    [InlineData(20261205)]
    [InlineData(31337)]
    [InlineData(5)]
    public void Fast_paths_agree_with_the_general_pass_on_random_schemas(int seed)
    {
        var generator = new SchemaOracleGenerator(new Random(seed));
        var disagreements = new List<string>();
        int pairs = 0;
        int rejects = 0;
        int schemasWithFastPaths = 0;
        for (int s = 0; s < Schemas; s++)
        {
            JsonObject document = generator.Document();
            string schemaText = document.ToJsonString();
            byte[] schema = Encoding.UTF8.GetBytes(schemaText);
            RecordSchema fast = RecordSchema.Load(schema, "fast");
            RecordSchema general = RecordSchema.Load(schema, "general");
            if (TurnOffFastPaths(general.Root) == 0)
            {
                continue;
            }

            schemasWithFastPaths++;
            for (int i = 0; i < InstancesPerSchema; i++)
            {
                string instance = generator.Instance(document)?.ToJsonString() ?? "null";
                string expected = Verdict(general, instance);
                string actual = Verdict(fast, instance);
                pairs++;
                rejects += expected == "valid" ? 0 : 1;
                if (expected != actual && disagreements.Count < 10)
                {
                    disagreements.Add($"schema {schemaText}\n  instance {instance}\n  general: {expected}\n  fast: {actual}");
                }
            }
        }

        Console.WriteLine($"walk fast paths: seed {seed}, {schemasWithFastPaths} schemas take them, {pairs} pairs, {rejects} rejected");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count}+ disagreements in {pairs} pairs\n" + string.Join("\n", disagreements));

        // Both outcomes must be well represented, or the comparison proves little.
        Assert.True(pairs >= 10_000, $"seed {seed}: only {pairs} pairs reached a fast path");
        Assert.InRange(rejects, pairs / 10, pairs - (pairs / 10));
    }

    private static string Verdict(RecordSchema schema, string record) =>
        schema.ValidateJson(Encoding.UTF8.GetBytes(record)) is { } error
            ? $"{error.Field} | {error.Reason} | timed out: {error.PatternTimedOut}"
            : "valid";

    /// <summary>Turns the walk's fast paths off on every node reachable from <paramref name="root"/>; returns how many were on.</summary>
    internal static int TurnOffFastPaths(SchemaNode root)
    {
        var seen = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<SchemaNode>();
        pending.Push(root);
        int turnedOff = 0;
        while (pending.TryPop(out SchemaNode? node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            foreach (SchemaNode? child in SchemaNodeChildren.Of(node))
            {
                if (child is not null)
                {
                    pending.Push(child);
                }
            }

            if (node.Compound is { } compound)
            {
                turnedOff += (compound.ObjectKeywordsInWalk ? 1 : 0) + (compound.ReferenceInWalk ? 1 : 0) + (compound.TaggedUnionInWalk ? 1 : 0)
                    + (compound.UniqueItemsInWalk ? 1 : 0) + (compound.MultipleOfInWalk ? 1 : 0) + (compound.MultipleOfFractionDigits >= 0 ? 1 : 0);
                compound.MultipleOfFractionDigits = -1;
                compound.UniqueItemsInWalk = false;
                compound.MultipleOfInWalk = false;
                compound.ObjectKeywordsInWalk = false;
                compound.ReferenceInWalk = false;
                compound.TaggedUnionInWalk = false;
                compound.ListedMembersInTaggedBranch = false;
                compound.ListedPatternHits = null;
            }
        }

        return turnedOff;
    }
}
