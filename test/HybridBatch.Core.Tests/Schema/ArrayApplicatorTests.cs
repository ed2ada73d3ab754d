using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>prefixItems with items, contains with min/maxContains, uniqueItems with JSON equality, multipleOf exactly.</summary>
public class ArrayApplicatorTests
{
    [Theory]
    [InlineData("{'prefixItems':[{'type':'string'},{'type':'integer'}]}", "['a',1,null]", true)]
    [InlineData("{'prefixItems':[{'type':'string'},{'type':'integer'}]}", "[1]", false)]
    [InlineData("{'prefixItems':[{'type':'string'},{'type':'integer'}],'items':false}", "['a',1]", true)]
    [InlineData("{'prefixItems':[{'type':'string'},{'type':'integer'}],'items':false}", "['a',1,2]", false)]
    [InlineData("{'prefixItems':[{'type':'string'}],'items':{'type':'integer'}}", "['a',2,3]", true)]
    [InlineData("{'prefixItems':[{'type':'string'}],'items':{'type':'integer'}}", "['a','b']", false)]
    [InlineData("{'contains':{'type':'integer'}}", "['a',1]", true)]
    [InlineData("{'contains':{'type':'integer'}}", "['a']", false)]
    [InlineData("{'contains':{'type':'integer'}}", "[]", false)]
    [InlineData("{'contains':{'type':'integer'}}", "{'a':'b'}", true)]
    [InlineData("{'contains':{'type':'integer'},'minContains':0}", "[]", true)]
    [InlineData("{'contains':{'type':'integer'},'minContains':2,'maxContains':3}", "[1,'a',2]", true)]
    [InlineData("{'contains':{'type':'integer'},'minContains':2,'maxContains':3}", "[1,'a']", false)]
    [InlineData("{'contains':{'type':'integer'},'minContains':2,'maxContains':3}", "[1,2,3,4]", false)]
    [InlineData("{'maxContains':0}", "[1]", true)]
    [InlineData("{'uniqueItems':true}", "[1,1.0]", false)]
    [InlineData("{'uniqueItems':true}", "[1,'1']", true)]
    [InlineData("{'uniqueItems':true}", "[{'a':1,'b':[2]},{'b':[2.0],'a':1}]", false)]
    [InlineData("{'uniqueItems':true}", "[{'a':1},{'a':2}]", true)]
    [InlineData("{'uniqueItems':true}", "['\\u0061','a']", false)]
    [InlineData("{'uniqueItems':true}", "['gift','eu','gift']", false)]
    [InlineData("{'uniqueItems':true}", "['gift','eu','Gift']", true)]
    [InlineData("{'uniqueItems':true}", "['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q','a']", false)]
    [InlineData("{'uniqueItems':true}", "[false,0,null,[],{},'']", true)]
    [InlineData("{'uniqueItems':false}", "[1,1]", true)]
    public void ArrayKeywordsFollowTheSpecification(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);

    [Fact]
    public void ArrayRejectsSayWhy()
    {
        Assert.Equal("items [0] and [2] are equal (uniqueItems)", Check("{'uniqueItems':true}", "[1,2,1e0]"));
        Assert.Equal("1 of 2 items match contains #/contains, at least 2 must",
            Check("{'contains':{'type':'integer'},'minContains':2}", "[1,'a']"));
        Assert.Equal("[1]: expected integer, got string", Check("{'prefixItems':[{},{'type':'integer'}]}", "[1,'a']"));
    }

    [Theory]
    [InlineData("{'multipleOf':0.1}", "0.3", true)]
    [InlineData("{'multipleOf':0.01}", "19.99", true)]
    [InlineData("{'multipleOf':0.01}", "19.999", false)]
    [InlineData("{'multipleOf':3}", "9e300", true)]
    [InlineData("{'multipleOf':7}", "1e400", false)]
    [InlineData("{'multipleOf':2}", "12345678901234567891", false)]
    [InlineData("{'multipleOf':2}", "12345678901234567890", true)]
    [InlineData("{'multipleOf':1e-30}", "1.5e-29", true)]
    [InlineData("{'multipleOf':1.5}", "4.5", true)]
    [InlineData("{'multipleOf':1.5}", "-4.5", true)]
    [InlineData("{'multipleOf':1.5}", "5", false)]
    [InlineData("{'multipleOf':0.5}", "0", true)]
    [InlineData("{'multipleOf':0.5}", "-0.0", true)]
    [InlineData("{'type':'integer','multipleOf':0.123456789}", "1e308", false)]
    [InlineData("{'multipleOf':2}", "'x'", true)]
    public void MultipleOfIsExactDecimalArithmetic(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);
}
