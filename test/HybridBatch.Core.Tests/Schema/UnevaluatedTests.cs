using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>unevaluatedProperties and unevaluatedItems see what adjacent keywords and passing subschemas evaluated.</summary>
public class UnevaluatedTests
{
    [Theory]
    [InlineData("{'properties':{'a':{}},'unevaluatedProperties':false}", "{'a':1}", true)]
    [InlineData("{'properties':{'a':{}},'unevaluatedProperties':false}", "{'a':1,'b':2}", false)]
    [InlineData("{'allOf':[{'properties':{'a':{}}}],'unevaluatedProperties':false}", "{'a':1}", true)]
    [InlineData("{'anyOf':[{'properties':{'a':{}},'required':['a']},{'properties':{'b':{}},'required':['b']}],'unevaluatedProperties':false}", "{'a':1,'b':2}", true)]
    [InlineData("{'oneOf':[{'properties':{'a':{}},'required':['a']},{'properties':{'b':{}},'required':['b']}],'unevaluatedProperties':false}", "{'b':2,'c':1}", false)]
    [InlineData("{'not':{'properties':{'a':{'const':0}}},'unevaluatedProperties':false}", "{'a':1}", false)]
    [InlineData("{'if':{'properties':{'k':{'const':'x'}}},'then':{'properties':{'t':{}}},'else':{'properties':{'e':{}}},'unevaluatedProperties':false}", "{'k':'x','t':1}", true)]
    [InlineData("{'if':{'properties':{'k':{'const':'x'}}},'then':{'properties':{'t':{}}},'else':{'properties':{'e':{}}},'unevaluatedProperties':false}", "{'k':'y','t':1}", false)]
    [InlineData("{'if':{'properties':{'k':{'const':'x'}}},'then':{'properties':{'t':{}}},'else':{'properties':{'e':{}}},'unevaluatedProperties':false}", "{'k':'y','e':1}", false)]
    [InlineData("{'$defs':{'base':{'properties':{'a':{}}}},'$ref':'#/$defs/base','unevaluatedProperties':false}", "{'a':1}", true)]
    [InlineData("{'patternProperties':{'^x':{}},'unevaluatedProperties':{'type':'integer'}}", "{'xs':'s','b':2}", true)]
    [InlineData("{'patternProperties':{'^x':{}},'unevaluatedProperties':{'type':'integer'}}", "{'xs':'s','b':'t'}", false)]
    [InlineData("{'additionalProperties':true,'unevaluatedProperties':false}", "{'a':1}", true)]
    [InlineData("{'dependentSchemas':{'a':{'properties':{'b':{}}}},'properties':{'a':{}},'unevaluatedProperties':false}", "{'a':1,'b':2}", true)]
    [InlineData("{'dependentSchemas':{'a':{'properties':{'b':{}}}},'properties':{'a':{}},'unevaluatedProperties':false}", "{'b':2}", false)]
    [InlineData("{'allOf':[{'unevaluatedProperties':true}],'unevaluatedProperties':false}", "{'z':1}", true)]
    [InlineData("{'properties':{'o':{'properties':{'a':{}}}},'unevaluatedProperties':false}", "{'o':{'b':1}}", true)]
    [InlineData("{'unevaluatedProperties':false}", "[1]", true)]
    public void UnevaluatedPropertiesSeeAnnotationsThroughApplicators(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);

    [Theory]
    [InlineData("{'prefixItems':[{}],'unevaluatedItems':false}", "[1]", true)]
    [InlineData("{'prefixItems':[{}],'unevaluatedItems':false}", "[1,2]", false)]
    [InlineData("{'allOf':[{'prefixItems':[{},{}]}],'unevaluatedItems':false}", "[1,2]", true)]
    [InlineData("{'items':{'type':'integer'},'unevaluatedItems':false}", "[1,2]", true)]
    [InlineData("{'contains':{'type':'string'},'unevaluatedItems':{'type':'integer'}}", "['a',2,'b']", true)]
    [InlineData("{'contains':{'type':'string'},'unevaluatedItems':{'type':'integer'}}", "['a',null]", false)]
    [InlineData("{'anyOf':[{'prefixItems':[{'const':1}]},{'prefixItems':[{},{'const':2}]}],'unevaluatedItems':false}", "[1,2]", true)]
    [InlineData("{'anyOf':[{'prefixItems':[{'const':1}]},{'prefixItems':[{},{'const':2}]}],'unevaluatedItems':false}", "[1,3]", false)]
    [InlineData("{'not':{'prefixItems':[{'const':0}]},'unevaluatedItems':false}", "[1]", false)]
    public void UnevaluatedItemsSeeAnnotationsThroughApplicators(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);

    [Fact]
    public void UnevaluatedRejectsNameTheMember()
    {
        Assert.Equal("unevaluated property 'b' (#/unevaluatedProperties)",
            Check("{'properties':{'a':{}},'unevaluatedProperties':false}", "{'a':1,'b':2}"));
        Assert.Equal("b: unevaluatedProperties #/unevaluatedProperties: expected integer, got string",
            Check("{'unevaluatedProperties':{'type':'integer'}}", "{'b':'x'}"));
        Assert.Equal("unevaluated item [1] (#/unevaluatedItems)", Check("{'prefixItems':[{}],'unevaluatedItems':false}", "[1,2]"));
    }
}
