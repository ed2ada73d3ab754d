using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>$ref, $defs, $anchor and $id inside one document: pointers, escapes, identifiers and recursion.</summary>
public class ReferenceTests
{
    [Theory]
    [InlineData("{'$defs':{'n':{'type':'integer'}},'$ref':'#/$defs/n'}", "3", true)]
    [InlineData("{'$defs':{'n':{'type':'integer'}},'$ref':'#/$defs/n'}", "'3'", false)]
    [InlineData("{'$defs':{'a/b':{'type':'integer'}},'$ref':'#/$defs/a~1b'}", "'x'", false)]
    [InlineData("{'$defs':{'t~d':{'type':'integer'}},'$ref':'#/$defs/t~0d'}", "'x'", false)]
    [InlineData("{'$defs':{'50%':{'type':'integer'}},'$ref':'#/$defs/50%25'}", "'x'", false)]
    [InlineData("{'$defs':{'a b':{'maximum':2}},'$ref':'#/$defs/a%20b'}", "3", false)]
    [InlineData("{'properties':{'p':{'minimum':5},'q':{'$ref':'#/properties/p'}}}", "{'q':4}", false)]
    [InlineData("{'prefixItems':[{'type':'string'},{'$ref':'#/prefixItems/0'}]}", "['a',1]", false)]
    [InlineData("{'$ref':'#/$defs/yes','$defs':{'yes':true}}", "[1]", true)]
    [InlineData("{'$ref':'#/$defs/no','$defs':{'no':false}}", "{}", false)]
    public void PointersResolveWithEscapesAndPercentEncoding(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);

    [Fact]
    public void RefAppliesBesideItsSiblings()
    {
        const string schema = "{'$defs':{'small':{'maximum':10}},'$ref':'#/$defs/small','minimum':5}";
        Assert.Null(Check(schema, "7"));
        Assert.Equal("must be >= 5, got 3", Check(schema, "3"));
        Assert.Equal("$ref #/$defs/small (#/$ref -> #/$defs/small): must be <= 10, got 11", Check(schema, "11"));
    }

    [Fact]
    public void AnchorsAndEmbeddedIdsResolveAgainstTheirBase()
    {
        const string schema = "{'$id':'https://example.com/root.json','properties':{" +
            "'a':{'$ref':'#pos'},'b':{'$ref':'item.json'},'c':{'$ref':'https://example.com/item.json#/$defs/s'}," +
            "'d':{'$ref':'item.json#short'}},'$defs':{'p':{'$anchor':'pos','minimum':0}," +
            "'i':{'$id':'item.json','type':'string','$defs':{'s':{'$anchor':'short','maxLength':2}}}}}";
        Assert.Null(Check(schema, "{'a':0,'b':'x','c':'yz','d':'ab'}"));
        Assert.NotNull(Check(schema, "{'c':'xyz'}"));
        Assert.NotNull(Check(schema, "{'a':-1}"));
        Assert.NotNull(Check(schema, "{'b':1}"));
        Assert.NotNull(Check(schema, "{'d':'abc'}"));

        // A pointer to a keyword's value that is not a schema cannot compile.
        SchemaLoadException ex = LoadFails(schema.Replace("item.json#/$defs/s", "item.json#/type", StringComparison.Ordinal));
        Assert.Equal("#/$defs/i/type", ex.JsonPath);
        Assert.Contains("must be an object or a boolean", ex.Message);
    }

    [Fact]
    public void AnIdInsideAnEnumIsNotAnIdentifier()
    {
        SchemaLoadException ex = LoadFails("{'enum':[{'$id':'https://example.com/x.json'}],'$ref':'https://example.com/x.json'}");
        Assert.Contains("another document", ex.Message);
    }

    [Fact]
    public void RecursiveTreesValidateAtEveryLevel()
    {
        const string schema = "{'$defs':{'tree':{'type':'object','required':['v'],'properties':{'v':{'type':'integer'}," +
            "'kids':{'type':'array','items':{'$ref':'#/$defs/tree'}}},'additionalProperties':false}},'$ref':'#/$defs/tree'}";
        Assert.Null(Check(schema, "{'v':1,'kids':[{'v':2},{'v':3,'kids':[{'v':4}]}]}"));
        string? error = Check(schema, "{'v':1,'kids':[{'v':2},{'v':3,'kids':[{'w':4}]}]}");
        Assert.NotNull(error);
        Assert.StartsWith("kids[1].kids[0]: $ref #/$defs/tree (#/$defs/tree/properties/kids/items/$ref -> #/$defs/tree):", StripRoot(error));
    }

    [Fact]
    public void SelfReferenceToTheRootRecursesThroughMembers()
    {
        const string schema = "{'properties':{'child':{'$ref':'#'},'n':{'type':'integer'}},'additionalProperties':false}";
        Assert.Null(Check(schema, "{'n':1,'child':{'n':2,'child':{}}}"));
        Assert.Equal("child.child: $ref # (#/properties/child/$ref -> #): $ref # (#/properties/child/$ref -> #): unexpected property 'x'",
            Check(schema, "{'child':{'child':{'x':1}}}"));
    }

    private static string StripRoot(string error) =>
        error.Replace("$ref #/$defs/tree (#/$ref -> #/$defs/tree): ", "", StringComparison.Ordinal);
}
