using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class CsvWriteJsonTests
{
    private static readonly CsvRowBinder Binder = Compile(
        "{'type':'object','properties':{" +
        "'id':{'type':'string'},'qty':{'type':'integer'},'price':{'type':'number'},'ok':{'type':'boolean'}," +
        "'note':{'type':['string','null']},'n':{'type':['integer','string']},'any':{}}}")
        .BindCsvHeader(["id", "qty", "price", "ok", "note", "n", "any", "extra"]);

    [Theory]
    [InlineData(new[] { "A1", "2", "9.50", "true", "hi", "7", "x", "e" },
        "{'id':'A1','qty':2,'price':9.50,'ok':true,'note':'hi','n':7,'any':'x','extra':'e'}")]
    [InlineData(new[] { "A1", "", "", "", "", "", "", "" },
        "{'id':'A1','note':null}")]
    [InlineData(new[] { "\"\"", "-3", "1e-3", "false", "null", "seven", "12", "\"\"" },
        "{'id':'','qty':-3,'price':1e-3,'ok':false,'note':null,'n':'seven','any':12,'extra':''}")]
    [InlineData(new[] { "say \"hi\"", "0", "0", "false", "\"null\"", "\"8\"", "false", "1" },
        "{'id':'say \\u0022hi\\u0022','qty':0,'price':0,'ok':false,'note':'null','n':8,'any':false,'extra':'1'}")]
    public void WritesTypedObjects(string[] fields, string expected)
    {
        CsvRow row = Row(fields);
        Assert.Null(Binder.Validate(row));
        Assert.Equal(J(expected), Write(row));
    }

    [Fact]
    public void NonAsciiTextIsCheckedByCodePointsAndEscapedByTheWriter()
    {
        CsvRowBinder binder = Compile("{'type':'object','properties':{'name':{'type':'string','maxLength':4}}}").BindCsvHeader(["name"]);
        Assert.Null(binder.Validate(Row("Zoë😀")));
        Assert.Equal(new ValidationError("name", "length must be <= 4, got 5"), binder.Validate(Row("Zoëë😀")));

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            binder.WriteJson(Row("Zoë"), writer);
        }

        Assert.Equal("{\"name\":\"Zo\\u00EB\"}", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void WritesIntoAnArrayOfRecords()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            Binder.WriteJson(Row("a", "1", "", "", "", "", "", ""), writer);
            Binder.WriteJson(Row("b", "2", "", "", "", "", "", ""), writer);
            writer.WriteEndArray();
        }

        Assert.Equal(J("[{'id':'a','qty':1,'note':null},{'id':'b','qty':2,'note':null}]"), Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Write(CsvRow row)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Binder.WriteJson(row, writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
