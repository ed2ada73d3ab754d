using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>allOf, anyOf, oneOf, not, if/then/else and dependentSchemas, and rejects that name the failing branch.</summary>
public class ApplicatorTests
{
    [Theory]
    [InlineData("{'allOf':[{'type':'integer'},{'minimum':2}]}", "2", true)]
    [InlineData("{'allOf':[{'type':'integer'},{'minimum':2}]}", "1", false)]
    [InlineData("{'anyOf':[{'type':'string'},{'minimum':2}]}", "'a'", true)]
    [InlineData("{'anyOf':[{'type':'string'},{'minimum':2}]}", "1", false)]
    [InlineData("{'oneOf':[{'type':'integer'},{'minimum':2}]}", "1", true)]
    [InlineData("{'oneOf':[{'type':'integer'},{'minimum':2}]}", "3", false)]
    [InlineData("{'oneOf':[{'type':'integer'},{'minimum':2}]}", "1.5", false)]
    [InlineData("{'not':{'type':'null'}}", "null", false)]
    [InlineData("{'not':{'type':'null'}}", "{}", true)]
    [InlineData("{'not':{'not':{'const':1}}}", "1", true)]
    [InlineData("{'if':{'minimum':10},'then':{'multipleOf':5},'else':{'maximum':3}}", "15", true)]
    [InlineData("{'if':{'minimum':10},'then':{'multipleOf':5},'else':{'maximum':3}}", "12", false)]
    [InlineData("{'if':{'minimum':10},'then':{'multipleOf':5},'else':{'maximum':3}}", "3", true)]
    [InlineData("{'if':{'minimum':10},'then':{'multipleOf':5},'else':{'maximum':3}}", "4", false)]
    [InlineData("{'then':{'const':1}}", "2", true)]
    [InlineData("{'if':false,'then':false}", "2", true)]
    [InlineData("{'dependentSchemas':{'card':{'required':['cvc']}}}", "{'card':1}", false)]
    [InlineData("{'dependentSchemas':{'card':{'required':['cvc']}}}", "{'card':1,'cvc':2}", true)]
    [InlineData("{'dependentSchemas':{'card':{'required':['cvc']}}}", "{'iban':1}", true)]
    [InlineData("{'dependentSchemas':{'card':false}}", "['card']", true)]
    public void ApplicatorsFollowTheSpecification(string schema, string record, bool valid) =>
        Assert.Equal(valid, Check(schema, record) is null);

    [Fact]
    public void OneOfNamesEveryBranchThatMatched()
    {
        const string schema = "{'properties':{'p':{'oneOf':[{'type':'integer'},{'type':'string'},{'minimum':0}]}}}";
        Assert.Equal("p: matched 2 of 3: #/properties/p/oneOf/0 and #/properties/p/oneOf/2 (oneOf allows exactly one)", Check(schema, "{'p':4}"));
        Assert.Equal(
            "p: matched none of oneOf (3): #/properties/p/oneOf/0: expected integer, got number; #/properties/p/oneOf/1: expected string, got number; #/properties/p/oneOf/2: must be >= 0, got -1.5",
            Check(schema, "{'p':-1.5}"));
    }

    [Fact]
    public void AllOfAnyOfNotAndIfNameTheirBranch()
    {
        Assert.Equal("allOf #/allOf/1 failed: must be >= 2, got 1", Check("{'allOf':[{},{'minimum':2}]}", "1"));
        Assert.Equal("matched none of anyOf (2): #/anyOf/0: expected string, got integer; #/anyOf/1: must be >= 2, got 1",
            Check("{'anyOf':[{'type':'string'},{'minimum':2}]}", "1"));
        Assert.Equal("must not match #/not", Check("{'not':{'type':'integer'}}", "1"));
        Assert.Equal("then #/then failed (#/if matched): must be a multiple of 5, got 12",
            Check("{'if':{'minimum':10},'then':{'multipleOf':5}}", "12"));
        Assert.Equal("dependentSchemas #/dependentSchemas/card (property 'card' is present) failed: missing required property 'cvc'",
            Check("{'dependentSchemas':{'card':{'required':['cvc']}}}", "{'card':1}"));
    }

    [Fact]
    public void ABranchKeepsTheFieldPathOfItsFailure()
    {
        const string schema = "{'allOf':[{'properties':{'a':{'items':{'type':'string'}}}}]}";
        Assert.Equal("a[1]: allOf #/allOf/0 failed: expected string, got integer", Check(schema, "{'a':['x',2]}"));
    }

    [Fact]
    public void ApplicatorsInsideMembersAreCheckedWhereTheyStand()
    {
        const string schema = "{'type':'object','properties':{'payment':{'oneOf':[" +
            "{'properties':{'kind':{'const':'card'},'last4':{'pattern':'^[0-9]{4}$'}},'required':['kind','last4']}," +
            "{'properties':{'kind':{'const':'iban'}},'required':['kind','iban']}]}}}";
        Assert.Null(Check(schema, "{'payment':{'kind':'card','last4':'1234'}}"));
        Assert.Null(Check(schema, "{'payment':{'kind':'iban','iban':'DE00'}}"));
        string? error = Check(schema, "{'payment':{'kind':'card','last4':'12a4'}}");
        Assert.StartsWith("payment: matched none of oneOf (2): #/properties/payment/oneOf/0: last4: does not match pattern", error);
    }

    [Fact]
    public void AValidRecordAfterARejectedOneIsStillValid()
    {
        // Rejects inside branches leave the per-thread scratch as they found it.
        RecordSchema schema = Compile("{'anyOf':[{'additionalProperties':{'type':'string'}},{'additionalProperties':{'type':'integer'}}]}");
        Assert.Null(Check(schema, J("{'a':'x','b':'y'}")));
        Assert.NotNull(Check(schema, J("{'a':'x','b':1}")));
        Assert.Null(Check(schema, J("{'a':1,'b':2}")));
        Assert.Equal("duplicate property 'a'", Check(schema, J("{'a':1,'a':2}")));
    }
}
