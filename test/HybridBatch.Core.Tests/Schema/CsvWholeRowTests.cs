using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// CSV rows under schemas with applicators and whole-object keywords: each row becomes the JSON object the CSV
/// mapping defines and the validator judges it; schemas without them keep the column-by-column path.
/// </summary>
public class CsvWholeRowTests
{
    [Theory]
    [InlineData("{'type':'object','minProperties':2,'properties':{'a':{},'b':{}}}", new[] { "a", "b" }, new[] { "1", "" }, "property count must be >= 2, got 1")]
    [InlineData("{'type':'object','minProperties':2,'properties':{'a':{},'b':{}}}", new[] { "a", "b" }, new[] { "1", "2" }, null)]
    [InlineData("{'type':'object','allOf':[{'required':['a']}],'properties':{'a':{}}}", new[] { "a" }, new[] { "" }, "'a'")]
    [InlineData("{'type':'object','allOf':[{'required':['a']}],'properties':{'a':{}}}", new[] { "a" }, new[] { "x" }, null)]
    [InlineData("{'type':'object','patternProperties':{'^a':{'type':'integer','minimum':3}}}", new[] { "a1", "b" }, new[] { "5", "x" }, null)]
    [InlineData("{'type':'object','patternProperties':{'^a':{'type':'integer','minimum':3}}}", new[] { "a1", "b" }, new[] { "x", "x" }, "a1: expected integer, got 'x'")]
    [InlineData("{'type':'object','patternProperties':{'^a':{'type':'integer','minimum':3}}}", new[] { "a1", "b" }, new[] { "2", "x" }, "a1")]
    [InlineData("{'type':'object','$defs':{'q':{'type':'integer','minimum':1}},'properties':{'a':{'$ref':'#/$defs/q'}}}", new[] { "a" }, new[] { "7" }, null)]
    [InlineData("{'type':'object','$defs':{'q':{'type':'integer','minimum':1}},'properties':{'a':{'$ref':'#/$defs/q'}}}", new[] { "a" }, new[] { "0" }, "a")]
    [InlineData("{'type':'object','$defs':{'q':{'type':'integer','minimum':1}},'properties':{'a':{'$ref':'#/$defs/q'}}}", new[] { "a" }, new[] { "x" }, "a: expected integer, got 'x'")]
    [InlineData("{'$ref':'#/$defs/row','$defs':{'row':{'type':'object','required':['q'],'properties':{'q':{'type':'integer'}}}}}", new[] { "q" }, new[] { "3" }, null)]
    [InlineData("{'$ref':'#/$defs/row','$defs':{'row':{'type':'object','required':['q'],'properties':{'q':{'type':'integer'}}}}}", new[] { "q" }, new[] { "" }, "'q'")]
    [InlineData("{'type':'object','properties':{'kind':{'enum':['card','iban']},'card':{'type':'string'},'iban':{'type':'string'}},'oneOf':[{'properties':{'kind':{'const':'card'}},'required':['card']},{'properties':{'kind':{'const':'iban'}},'required':['iban']}]}", new[] { "kind", "card", "iban" }, new[] { "card", "4111", "" }, null)]
    [InlineData("{'type':'object','properties':{'kind':{'enum':['card','iban']},'card':{'type':'string'},'iban':{'type':'string'}},'oneOf':[{'properties':{'kind':{'const':'card'}},'required':['card']},{'properties':{'kind':{'const':'iban'}},'required':['iban']}]}", new[] { "kind", "card", "iban" }, new[] { "iban", "4111", "" }, "oneOf")]
    [InlineData("{'type':'object','properties':{'a':{'type':'integer'},'b':{'type':'integer'}},'dependentRequired':{'a':['b']}}", new[] { "a", "b" }, new[] { "1", "" }, "'b'")]
    [InlineData("{'type':'object','properties':{'a':{'type':'integer'}},'unevaluatedProperties':false}", new[] { "a", "z" }, new[] { "1", "" }, null)]
    [InlineData("{'type':'object','properties':{'a':{'type':'integer'}},'unevaluatedProperties':false}", new[] { "a", "z" }, new[] { "1", "q" }, "z")]
    [InlineData("{'type':'object','allOf':[{'properties':{'n':{'type':'integer'}}}],'properties':{'s':{'type':'string'}}}", new[] { "n", "s" }, new[] { "12", "12" }, null)]
    [InlineData("{'type':'object','allOf':[{'properties':{'n':{'type':'integer'}}}],'properties':{'s':{'type':'string'}}}", new[] { "n", "s" }, new[] { "x", "12" }, "n: expected integer, got 'x'")]
    public void RowsAreJudgedAsWholeObjects(string schema, string[] header, string[] fields, string? rejectContains)
    {
        CsvRowBinder binder = Compile(schema).BindCsvHeader(header);
        Assert.True(binder.JudgesWholeRows);
        string? reject = binder.Validate(Row(fields))?.ToString();
        if (rejectContains is null)
        {
            Assert.Null(reject);
        }
        else
        {
            Assert.NotNull(reject);
            Assert.Contains(rejectContains, reject);
        }
    }

    [Fact]
    public void SchemasWithoutApplicatorsKeepTheColumnPath()
    {
        CsvRowBinder binder = Compile("{'type':'object','properties':{'a':{'type':'integer'}}}").BindCsvHeader(["a"]);
        Assert.False(binder.JudgesWholeRows);
        Assert.Equal("a: expected integer, got 'x'", binder.Validate(Row("x"))?.ToString());
    }

    [Fact]
    public void ColumnDeclaredAnObjectBehindARefIsRefused()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() =>
            Compile("{'type':'object','$defs':{'o':{'type':'object'}},'properties':{'a':{'$ref':'#/$defs/o'}}}").BindCsvHeader(["a"]));
        Assert.Contains("'a'", ex.Message);
        Assert.Contains("#/properties/a", ex.Message);
    }

    [Fact]
    public void WrittenObjectIsTheOneJudged()
    {
        CsvRowBinder binder = Compile("{'type':'object','$defs':{'n':{'type':['integer','null']}},'properties':{'a':{'$ref':'#/$defs/n'},'b':{'type':'string'}},'anyOf':[{'required':['a']},{'required':['b']}]}")
            .BindCsvHeader(["a", "b"]);
        Assert.Null(binder.Validate(Row("", "")));
        Assert.Null(binder.Validate(Row("2", "")));
        Assert.NotNull(binder.Validate(Row("x", "")));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            binder.WriteJson(Row("", "\"\""), writer);
        }

        Assert.Equal("{\"a\":null,\"b\":\"\"}", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
