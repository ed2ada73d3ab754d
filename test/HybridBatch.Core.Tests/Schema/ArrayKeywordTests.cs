using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class ArrayKeywordTests
{
    private const string Tags = "{'properties':{'tags':{'type':'array','items':{'type':'string','maxLength':3},'minItems':1,'maxItems':3}}}";

    [Theory]
    [InlineData("['a']", null)]
    [InlineData("['a','bb','ccc']", null)]
    [InlineData("[]", "tags: item count must be >= 1, got 0")]
    [InlineData("['a','b','c','d']", "tags: item count must be <= 3, got 4")]
    [InlineData("['a',2]", "tags[1]: expected string, got integer")]
    [InlineData("['a','bb','cccc']", "tags[2]: length must be <= 3, got 4")]
    public void ItemsAndCounts(string value, string? expected)
    {
        Assert.Equal(expected, Check(Tags, $"{{'tags':{value}}}"));
    }

    [Fact]
    public void ObjectsInsideArraysReportFullPaths()
    {
        string schema = "{'properties':{'items':{'items':{'required':['sku'],'properties':{'sku':{'type':'string'},'dims':{'items':{'type':'number'}}}}}}}";
        Assert.Null(Check(schema, "{'items':[{'sku':'a'},{'sku':'b','dims':[1,2.5]}]}"));
        Assert.Equal("items[2].sku: expected string, got integer", Check(schema, "{'items':[{'sku':'a'},{'sku':'b'},{'sku':3}]}"));
        Assert.Equal("items[1]: missing required property 'sku'", Check(schema, "{'items':[{'sku':'a'},{}]}"));
        Assert.Equal("items[0].dims[1]: expected number, got string", Check(schema, "{'items':[{'sku':'a','dims':[1,'2']}]}"));
    }

    [Fact]
    public void NestedArraysReportEachIndex()
    {
        string schema = "{'properties':{'grid':{'items':{'items':{'type':'integer'}}}}}";
        Assert.Equal("grid[1][0]: expected integer, got boolean", Check(schema, "{'grid':[[1],[true]]}"));
    }

    [Fact]
    public void ArrayWithoutItemsAcceptsAnything()
    {
        Assert.Null(Check("{'properties':{'v':{'type':'array'}}}", "{'v':[1,'a',null,{'x':[]}]}"));
    }
}
