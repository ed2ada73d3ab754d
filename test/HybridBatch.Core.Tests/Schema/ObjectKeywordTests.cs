using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class ObjectKeywordTests
{
    private const string Person =
        "{'type':'object','required':['id','name'],'properties':{'id':{'type':'integer'},'name':{'type':'string'},'age':{'type':'integer'}}}";

    [Theory]
    [InlineData("{'id':1,'name':'a'}", null)]
    [InlineData("{'name':'a','id':1}", null)]
    [InlineData("{'id':1,'name':'a','age':3}", null)]
    [InlineData("{'id':1}", "missing required property 'name'")]
    [InlineData("{'name':'a'}", "missing required property 'id'")]
    [InlineData("{}", "missing required property 'id'")]
    [InlineData("{'id':1,'name':'a','extra':true}", null)]
    [InlineData("{'id':'1','name':'a'}", "id: expected integer, got string")]
    public void RequiredAndProperties(string record, string? expected)
    {
        Assert.Equal(expected, Check(Person, record));
    }

    [Theory]
    [InlineData("{'id':1,'id':2,'name':'a'}", "duplicate property 'id'")]
    [InlineData("{'id':1,'name':'a','x':1,'x':2}", "duplicate property 'x'")]
    [InlineData("{'id':1,'name':'a','\\u0069d':2}", "duplicate property 'id'")]
    [InlineData("{'id':1,'name':'a','x':1,'\\u0078':2}", "duplicate property 'x'")]
    public void DuplicateProperties(string record, string expected)
    {
        Assert.Equal(expected, Check(Person, record));
    }

    [Fact]
    public void EscapedNamesMatchProperties()
    {
        Assert.Equal("id: expected integer, got string", Check(Person, "{'\\u0069d':'x','name':'a'}"));
    }

    [Fact]
    public void SameNameInSiblingObjectsIsNotADuplicate()
    {
        string schema = "{'properties':{'a':{'type':'object'},'b':{'type':'object'}}}";
        Assert.Null(Check(schema, "{'a':{'x':1,'y':{'x':2}},'b':{'x':3}}"));
    }

    [Theory]
    [InlineData("{'a':1}", null)]
    [InlineData("{'a':1,'foo':2}", "unexpected property 'foo'")]
    [InlineData("{'foo':2}", "unexpected property 'foo'")]
    public void AdditionalPropertiesFalse(string record, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'a':{}},'additionalProperties':false}", record));
    }

    [Theory]
    [InlineData("{'a':1,'b':'x','c':'y'}", null)]
    [InlineData("{'a':1,'b':2}", "b: expected string, got integer")]
    [InlineData("{'a':'not checked by additionalProperties','b':'x'}", "a: expected integer, got string")]
    public void AdditionalPropertiesSchema(string record, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'a':{'type':'integer'}},'additionalProperties':{'type':'string'}}", record));
    }

    [Fact]
    public void RequiredNameOutsidePropertiesIsCheckedByAdditionalProperties()
    {
        string schema = "{'required':['x'],'additionalProperties':{'type':'string'}}";
        Assert.Null(Check(schema, "{'x':'s'}"));
        Assert.Equal("missing required property 'x'", Check(schema, "{'y':'s'}"));
        Assert.Equal("x: expected string, got integer", Check(schema, "{'x':1}"));
    }

    [Fact]
    public void NestedObjectErrorsCarryTheirPath()
    {
        string schema = "{'properties':{'customer':{'type':'object','required':['id'],'properties':{'address':{'properties':{'zip':{'type':'string'}}}}}}}";
        Assert.Null(Check(schema, "{'customer':{'id':1,'address':{'zip':'1011'}}}"));
        Assert.Equal("customer.address.zip: expected string, got integer", Check(schema, "{'customer':{'id':1,'address':{'zip':1011}}}"));
        Assert.Equal("customer: missing required property 'id'", Check(schema, "{'customer':{}}"));
    }

    [Fact]
    public void MoreThanSixtyFourPropertiesAreTracked()
    {
        string properties = string.Join(",", Enumerable.Range(0, 70).Select(i => $"'p{i}':{{'type':'integer'}}"));
        string schema = $"{{'required':['p69','p0'],'properties':{{{properties}}}}}";
        Assert.Null(Check(schema, "{'p0':1,'p69':2,'p68':3}"));
        Assert.Equal("missing required property 'p69'", Check(schema, "{'p0':1}"));
        Assert.Equal("duplicate property 'p68'", Check(schema, "{'p68':1,'p0':1,'p69':2,'p68':3}"));

        // The first word's bits are kept apart from the others' during the walk: both sides must count.
        Assert.Equal("missing required property 'p0'", Check(schema, "{'p69':1,'p63':2}"));
        Assert.Equal("duplicate property 'p63'", Check(schema, "{'p63':1,'p64':1,'p0':1,'p69':2,'p63':3}"));
        Assert.Equal("duplicate property 'p64'", Check(schema, "{'p63':1,'p64':1,'p0':1,'p69':2,'p64':3}"));
    }

    [Fact]
    public void HundredsOfPropertiesAreTracked()
    {
        string properties = string.Join(",", Enumerable.Range(0, 300).Select(i => $"'p{i}':{{'type':'integer'}}"));
        string schema = $"{{'required':['p299'],'properties':{{{properties}}}}}";
        Assert.Null(Check(schema, "{'p299':1,'p0':2}"));
        Assert.Equal("missing required property 'p299'", Check(schema, "{'p298':1}"));
        Assert.Equal("duplicate property 'p299'", Check(schema, "{'p299':1,'p299':2}"));
    }

    [Fact]
    public void ManyUnknownPropertiesAreTrackedForDuplicates()
    {
        string names = string.Join(",", Enumerable.Range(0, 100).Select(i => $"'extra_name_{i}':{i}"));
        Assert.Null(Check("{}", $"{{{names}}}"));
        Assert.Equal("duplicate property 'extra_name_3'", Check("{}", $"{{{names},'extra_name_3':0}}"));
    }
}
