using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>patternProperties (and additionalProperties beside it), propertyNames, min/maxProperties, dependentRequired.</summary>
public class ObjectApplicatorTests
{
    private const string Patterned = "{'properties':{'id':{'type':'string'}},'patternProperties':{'^x-':{'type':'integer'},'n$':{'minimum':0}}," +
        "'additionalProperties':false}";

    [Theory]
    [InlineData("{'id':'a','x-a':1,'bn':2}", true)]
    [InlineData("{'x-n':3}", true)]
    [InlineData("{'x-n':-3}", false)]
    [InlineData("{'x-a':'s'}", false)]
    [InlineData("{'other':1}", false)]
    [InlineData("{'id':1}", false)]
    [InlineData("{'x\\u002da':'s'}", false)]
    public void PatternPropertiesApplyEveryMatchingPatternAndLeaveTheRestToAdditional(string record, bool valid) =>
        Assert.Equal(valid, Check(Patterned, record) is null);

    [Fact]
    public void PatternPropertyRejectsNameTheirPattern()
    {
        Assert.Equal("x-a: patternProperties #/patternProperties/^x-: expected integer, got string", Check(Patterned, "{'x-a':'s'}"));
        Assert.Equal("unexpected property 'other'", Check(Patterned, "{'other':1}"));
        Assert.Equal("b: expected string, got integer",
            Check("{'patternProperties':{'^a':{}},'additionalProperties':{'type':'string'}}", "{'a1':1,'b':2}"));
    }

    [Theory]
    [InlineData("{'propertyNames':{'maxLength':3}}", "{'abc':1}", true)]
    [InlineData("{'propertyNames':{'maxLength':3}}", "{'abcd':1}", false)]
    [InlineData("{'propertyNames':{'pattern':'^[a-z]+$'}}", "{'a\\u0041':1}", false)]
    [InlineData("{'propertyNames':false}", "{}", true)]
    [InlineData("{'propertyNames':false}", "{'a':1}", false)]
    [InlineData("{'propertyNames':{'maxLength':3}}", "'abcdef'", true)]
    [InlineData("{'minProperties':2}", "{'a':1}", false)]
    [InlineData("{'minProperties':2}", "{'a':1,'b':2}", true)]
    [InlineData("{'maxProperties':1}", "{'a':1,'b':2}", false)]
    [InlineData("{'maxProperties':1}", "[1,2]", true)]
    [InlineData("{'dependentRequired':{'a':['b','c']}}", "{'a':1,'b':2}", false)]
    [InlineData("{'dependentRequired':{'a':['b','c']}}", "{'a':1,'b':2,'c':3}", true)]
    [InlineData("{'dependentRequired':{'a':['b']}}", "{'b':1}", true)]
    [InlineData("{'dependentRequired':{'a':[]}}", "{'a':1}", true)]
    public void ObjectKeywordsFollowTheSpecification(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);

    [Fact]
    public void ObjectRejectsSayWhy()
    {
        Assert.Equal("property name 'abcd' fails propertyNames #/propertyNames: length must be <= 3, got 4",
            Check("{'propertyNames':{'maxLength':3}}", "{'abcd':1}"));
        Assert.Equal("property count must be >= 2, got 1", Check("{'minProperties':2}", "{'a':1}"));
        Assert.Equal("missing property 'c', which 'a' requires (dependentRequired)",
            Check("{'dependentRequired':{'a':['b','c']}}", "{'a':1,'b':2}"));
    }
}
