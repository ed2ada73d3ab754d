using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class SchemaLoadTests
{
    [Theory]
    [InlineData("{'$ref':'#/$defs/x'}", "#/$ref", "$ref")]
    [InlineData("{'$defs':{}}", "#/$defs", "$defs")]
    [InlineData("{'allOf':[{}]}", "#/allOf", "allOf")]
    [InlineData("{'anyOf':[{}]}", "#/anyOf", "anyOf")]
    [InlineData("{'oneOf':[{}]}", "#/oneOf", "oneOf")]
    [InlineData("{'not':{}}", "#/not", "not")]
    [InlineData("{'if':{},'then':{}}", "#/if", "if")]
    [InlineData("{'patternProperties':{}}", "#/patternProperties", "patternProperties")]
    [InlineData("{'propertyNames':{}}", "#/propertyNames", "propertyNames")]
    [InlineData("{'minProperties':1}", "#/minProperties", "minProperties")]
    [InlineData("{'dependentRequired':{}}", "#/dependentRequired", "dependentRequired")]
    [InlineData("{'unevaluatedProperties':false}", "#/unevaluatedProperties", "unevaluatedProperties")]
    [InlineData("{'uniqueItems':true}", "#/uniqueItems", "uniqueItems")]
    [InlineData("{'contains':{}}", "#/contains", "contains")]
    [InlineData("{'prefixItems':[]}", "#/prefixItems", "prefixItems")]
    [InlineData("{'multipleOf':2}", "#/multipleOf", "multipleOf")]
    [InlineData("{'contentEncoding':'base64'}", "#/contentEncoding", "contentEncoding")]
    [InlineData("{'typo':1}", "#/typo", "typo")]
    [InlineData("{'properties':{'quantity':{'type':'integer','allOf':[]}}}", "#/properties/quantity/allOf", "allOf")]
    [InlineData("{'items':{'uniqueItems':true}}", "#/items/uniqueItems", "uniqueItems")]
    [InlineData("{'additionalProperties':{'$ref':'#'}}", "#/additionalProperties/$ref", "$ref")]
    [InlineData("{'properties':{'a/b~c':{'oneOf':[]}}}", "#/properties/a~1b~0c/oneOf", "oneOf")]
    public void UnsupportedKeywordsAreRejectedWithTheirPath(string schema, string path, string keyword)
    {
        SchemaLoadException ex = LoadFails(schema);
        Assert.Equal("test", ex.SchemaName);
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains($"'{keyword}'", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Contains("test", ex.Message);
    }

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
