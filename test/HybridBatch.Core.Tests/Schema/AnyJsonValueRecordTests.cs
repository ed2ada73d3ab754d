using HybridBatch.Core.Schema;
using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Validation;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>A JSON Lines record may be any JSON value (jsonlines.org); the schema decides, and only a key needs an object.</summary>
public class AnyJsonValueRecordTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("'x'")]
    [InlineData("[1,'a']")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    public void AnyValueIsARecordWhenTheSchemaAllowsIt(string record) => Assert.Null(Check("{}", record));

    [Theory]
    [InlineData("1", "expected object, got integer")]
    [InlineData("'x'", "expected object, got string")]
    [InlineData("null", "expected object, got null")]
    public void TheSchemaDecidesWhatARecordMayBe(string record, string reason) => Assert.Equal(reason, Check("{'type':'object'}", record));

    [Fact]
    public void AKeyFieldOnARecordThatIsNotAnObjectIsThatRecordsReject()
    {
        RecordSchema schema = Compile("{}");
        Assert.Equal("--key-field 'id' needs an object record, got an array",
            schema.ValidateJson("[1]"u8, "id"u8, out _)?.ToString());
        Assert.Equal("--key-field 'id' needs an object record, got a number", schema.ValidateJson("7"u8, "id"u8, out _)?.ToString());
        Assert.Null(schema.ValidateJson("{\"id\":7}"u8, "id"u8, out Range key));
        Assert.Equal(6..7, key);
    }

    [Fact]
    public void TheRecordValidatorPassesBareValuesThrough()
    {
        RecordValidator validator = RecordValidator.ForJsonLines(Compile("{'type':['integer','string']}"), 1024, keyField: null);
        byte[] line = Encoding.UTF8.GetBytes("42");
        Assert.Null(validator.Validate(new RawRecord(line, line, 0, 1, 0, RecordProblem.None, 0)));
    }
}
