using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>CSV binding checks column by column, so a schema it cannot apply that way is refused, never half-checked.</summary>
public class CsvApplicatorRefusalTests
{
    [Theory]
    [InlineData("{'type':'object','minProperties':2,'properties':{'a':{}}}")]
    [InlineData("{'type':'object','allOf':[{'required':['a']}],'properties':{'a':{}}}")]
    [InlineData("{'type':'object','patternProperties':{'^a':{'type':'integer'}}}")]
    public void RootApplicatorsAreRefusedForCsv(string schema)
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Compile(schema).BindCsvHeader(["a"]));
        Assert.Contains("CSV input does not support", ex.Message);
    }

    [Fact]
    public void ColumnApplicatorsAreRefusedNamingTheColumnAndLocation()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() =>
            Compile("{'type':'object','$defs':{'q':{'type':'integer'}},'properties':{'a':{'$ref':'#/$defs/q'}}}").BindCsvHeader(["a"]));
        Assert.Contains("'a'", ex.Message);
        Assert.Contains("#/properties/a", ex.Message);
    }
}
