using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class SchemaLoadTests
{
    [Theory]
    [InlineData("{'$dynamicRef':'#a'}", "#/$dynamicRef", "$dynamicRef")]
    [InlineData("{'$defs':{'a':{'$dynamicAnchor':'a'}}}", "#/$defs/a/$dynamicAnchor", "$dynamicAnchor")]
    [InlineData("{'$vocabulary':{}}", "#/$vocabulary", "$vocabulary")]
    [InlineData("{'properties':{'a/b~c':{'$recursiveRef':'#'}}}", "#/properties/a~1b~0c/$recursiveRef", "$recursiveRef")]
    public void KeywordsThatCannotBeHonouredAreRefusedWithTheirPath(string schema, string path, string keyword)
    {
        SchemaLoadException ex = LoadFails(schema);
        Assert.Equal("test", ex.SchemaName);
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains($"'{keyword}'", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("{'$ref':'https://example.com/other.json'}", "#/$ref", "another document")]
    [InlineData("{'$ref':'other.json#/a'}", "#/$ref", "another document")]
    [InlineData("{'$ref':'#/$defs/missing'}", "#/$ref", "does not exist")]
    [InlineData("{'$ref':'#nowhere'}", "#/$ref", "no $anchor 'nowhere'")]
    [InlineData("{'$ref':5}", "#/$ref", "'$ref' must be a string")]
    [InlineData("{'allOf':[]}", "#/allOf", "non-empty array")]
    [InlineData("{'oneOf':{}}", "#/oneOf", "'oneOf' must be a non-empty array")]
    [InlineData("{'multipleOf':0}", "#/multipleOf", "greater than 0")]
    [InlineData("{'multipleOf':-2}", "#/multipleOf", "greater than 0")]
    [InlineData("{'uniqueItems':1}", "#/uniqueItems", "'uniqueItems' must be a boolean")]
    [InlineData("{'minProperties':-1}", "#/minProperties", "non-negative integer")]
    [InlineData("{'dependentRequired':{'a':['b','b']}}", "#/dependentRequired/a/1", "listed twice")]
    [InlineData("{'patternProperties':{'[a-':{}}}", "#/patternProperties/[a-", "not a valid ECMA-262 regular expression")]
    [InlineData("{'not':5}", "#/not", "must be an object or a boolean")]
    public void BadReferencesAndApplicatorsFailTheLoadNamingWhere(string schema, string path, string detail)
    {
        SchemaLoadException ex = LoadFails(schema);
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains(detail, ex.Message);
    }

    [Theory]
    [InlineData("{'$ref':'#'}", "#/$ref")]
    [InlineData("{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'allOf':[{'$ref':'#/$defs/a'}]}},'properties':{'x':{'$ref':'#/$defs/a'}}}", "#/$defs/a/$ref")]
    [InlineData("{'anyOf':[{'not':{'$ref':'#'}}]}", "#/anyOf/0/not/$ref")]
    public void ReferenceCyclesThatNeverConsumeInputFailTheLoad(string schema, string path)
    {
        SchemaLoadException ex = LoadFails(schema);
        Assert.Contains("reference cycle that never consumes input", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void RecursionThroughPropertiesIsNotACycle()
    {
        RecordSchema schema = Compile("{'$defs':{'node':{'type':'object','properties':{'next':{'$ref':'#/$defs/node'},'v':{'type':'integer'}}}},'$ref':'#/$defs/node'}");
        Assert.Null(Check(schema, "{\"v\":1,\"next\":{\"v\":2,\"next\":{}}}"));
        Assert.Equal("next.next.v: $ref #/$defs/node (#/$defs/node/properties/next/$ref -> #/$defs/node): $ref #/$defs/node (#/$defs/node/properties/next/$ref -> #/$defs/node): expected integer, got string",
            StripRootRef(Check(schema, "{\"next\":{\"next\":{\"v\":\"x\"}}}")));
    }

    [Fact]
    public void UnknownKeywordsAreAnnotationsListedForAWarning()
    {
        RecordSchema schema = Compile("{'x-owner':'team','properties':{'a':{'minimun':3,'type':'integer'}}}");
        Assert.Equal(["#/x-owner", "#/properties/a/minimun"], schema.UnknownKeywords);
        Assert.Null(Check(schema, J("{'a':1}")));
        Assert.Contains("#/properties/a/minimun", schema.UnknownKeywordsWarning);
        Assert.Contains("--strict-keywords", schema.UnknownKeywordsWarning);
        Assert.Null(Compile("{'type':'object'}").UnknownKeywordsWarning);
    }

    [Fact]
    public void StrictKeywordsRefusesUnknownKeywords()
    {
        SchemaLoadException ex = Assert.Throws<SchemaLoadException>(() =>
            RecordSchema.Load(Encoding.UTF8.GetBytes(J("{'properties':{'a':{'minimun':3}}}")), "test", new SchemaLoadOptions { StrictKeywords = true }));
        Assert.Equal("#/properties/a/minimun", ex.JsonPath);
        Assert.Contains("--strict-keywords", ex.Message);
    }

    [Fact]
    public void EveryAnnotationKeywordIsAcceptedWithoutWarning()
    {
        RecordSchema schema = Compile(
            "{'title':'t','description':'d','default':{},'examples':[1],'deprecated':true,'readOnly':true,'writeOnly':false,'$comment':'c'," +
            "'contentMediaType':'application/json','contentEncoding':'base64','contentSchema':{'type':'object'},'$anchor':'top','$id':'https://example.com/s.json'}");
        Assert.Empty(schema.UnknownKeywords);
        Assert.Null(Check(schema, J("'not base64 at all'")));
    }

    /// <summary>The root is itself reached through a $ref in that case; only the inner path matters there.</summary>
    private static string? StripRootRef(string? error) =>
        error?.Replace("$ref #/$defs/node (#/$ref -> #/$defs/node): ", "", StringComparison.Ordinal);

    [Theory]
    [InlineData("{'properties':{'quantity':{'minimum':'3'}}}", "#/properties/quantity/minimum", "'minimum' must be a number")]
    [InlineData("{'maximum':true}", "#/maximum", "'maximum' must be a number")]
    [InlineData("{'minLength':-1}", "#/minLength", "non-negative integer")]
    [InlineData("{'maxLength':1.5}", "#/maxLength", "non-negative integer")]
    [InlineData("{'minItems':'1'}", "#/minItems", "'minItems' must be a non-negative integer")]
    [InlineData("{'type':'text'}", "#/type", "unknown type 'text'")]
    [InlineData("{'type':['string','string']}", "#/type/1", "listed twice")]
    [InlineData("{'type':[]}", "#/type", "at least one")]
    [InlineData("{'type':5}", "#/type", "'type' must be")]
    [InlineData("{'required':'a'}", "#/required", "'required' must be an array")]
    [InlineData("{'required':['a',1]}", "#/required/1", "'required' must be a property name")]
    [InlineData("{'properties':[]}", "#/properties", "'properties' must be an object")]
    [InlineData("{'properties':{'a':5}}", "#/properties/a", "must be an object or a boolean")]
    [InlineData("{'additionalProperties':'no'}", "#/additionalProperties", "'additionalProperties' must be a boolean or a schema")]
    [InlineData("{'pattern':'[a-'}", "#/pattern", "not a valid ECMA-262 regular expression (u flag) at offset 0: unterminated character class")]
    [InlineData("{'pattern':5}", "#/pattern", "'pattern' must be a string")]
    [InlineData("{'enum':'a'}", "#/enum", "'enum' must be an array")]
    [InlineData("{'items':[{}]}", "#/items", "prefixItems")]
    [InlineData("{'format':'date','format':'date'}", "#/format", "duplicate keyword 'format'")]
    [InlineData("5", "#", "must be an object or a boolean")]
    public void BadKeywordValuesAreRejected(string schema, string path, string detail)
    {
        SchemaLoadException ex = LoadFails(schema);
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains(detail, ex.Message);
    }

    [Fact]
    public void InvalidSchemaJsonIsALoadError()
    {
        SchemaLoadException ex = Assert.Throws<SchemaLoadException>(() => RecordSchema.Load("{\"type\":"u8, "broken"));
        Assert.Equal("broken", ex.SchemaName);
        Assert.Equal("#", ex.JsonPath);
        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void AnnotationsAreAccepted()
    {
        RecordSchema schema = Compile(
            "{'$schema':'https://json-schema.org/draft/2020-12/schema','$id':'urn:x','$comment':'c','title':'t','description':'d'," +
            "'properties':{'a':{'type':'integer','default':1,'examples':[1,2],'deprecated':true,'readOnly':false,'writeOnly':false,'title':{'odd':1}}}}");
        Assert.Null(Check(schema, "{\"a\":1}"));
    }

    [Fact]
    public void NameAndSourceAreKept()
    {
        byte[] source = Encoding.UTF8.GetBytes("{\"type\":\"object\"}");
        RecordSchema schema = RecordSchema.Load(source, "mine");
        Assert.Equal("mine", schema.Name);
        Assert.Equal(source, schema.SourceJson.ToArray());
    }

    [Fact]
    public void LeadingByteOrderMarkIsSkipped()
    {
        RecordSchema schema = RecordSchema.Load([0xEF, 0xBB, 0xBF, .. "{\"type\":\"object\"}"u8], "bom");
        Assert.Null(schema.ValidateJson("{}"u8));
    }
}
