using System.Text;
using System.Text.RegularExpressions;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class PatternTests
{
    [Theory]
    [InlineData("^ORD-[0-9]{10}$")]
    [InlineData("^[A-Z]{3}-[0-9]{5}$")]
    [InlineData("^[A-Z]{2}$")]
    [InlineData("^a+b$")]
    [InlineData("^[a-c]*-x?y{2,3}$")]
    [InlineData("^\\d{3}\\.\\d+$")]
    [InlineData("^[-_a-z]+:")]
    [InlineData("^v[0-9]{1,}$")]
    [InlineData("^\\w+$")]
    public void SimpleShapesGetTheFastMatcher(string pattern)
    {
        Assert.NotNull(SimplePattern.TryParse(pattern));
    }

    [Theory]
    [InlineData("ORD-[0-9]{10}")]
    [InlineData("^(a|b)$")]
    [InlineData("^a.b$")]
    [InlineData("^[^a]$")]
    [InlineData("^\\s+$")]
    [InlineData("^a+a$")]
    [InlineData("^[a-z]*[0-9a]$")]
    [InlineData("^a+?$")]
    [InlineData("^é$")]
    [InlineData("^a$b")]
    public void OtherShapesFallBackToRegex(string pattern)
    {
        Assert.Null(SimplePattern.TryParse(pattern));
    }

    [Theory]
    [InlineData("^ORD-[0-9]{10}$", new[] { "ORD-0123456789", "ORD-012345678", "ORD-01234567890", "ord-0123456789", "ORD-012345678x", "", "ORD-０123456789" })]
    [InlineData("^a+b$", new[] { "ab", "aaab", "b", "abb", "aab\n" })]
    [InlineData("^[a-c]*-x?y{2,3}$", new[] { "-yy", "abc-xyyy", "abc-xyyyy", "d-yy", "a-xy" })]
    [InlineData("^[-_a-z]+:", new[] { "a-b:rest", "a-b", ":x", "A:x" })]
    [InlineData("^\\d{2}$", new[] { "12", "1", "١٢" })]
    public void FastMatcherAgreesWithEcmaSemantics(string pattern, string[] inputs)
    {
        SimplePattern fast = SimplePattern.TryParse(pattern)!;
        var regex = new Regex(PatternSyntax.ToDotNet(pattern), RegexOptions.CultureInvariant);
        foreach (string input in inputs)
        {
            Assert.True(regex.IsMatch(input) == fast.IsMatch(Encoding.UTF8.GetBytes(input)), $"{pattern} on '{input}'");
        }
    }

    [Fact]
    public void DollarDoesNotMatchBeforeAFinalNewline()
    {
        Assert.Equal("v: does not match pattern ^a+$", Check("{'properties':{'v':{'pattern':'^a+$'}}}", "{'v':'aa\\n'}"));
        Assert.Equal("v: does not match pattern ^(a|b)+$", Check("{'properties':{'v':{'pattern':'^(a|b)+$'}}}", "{'v':'ab\\n'}"));
        Assert.Null(Check("{'properties':{'v':{'pattern':'^(a|b)+$'}}}", "{'v':'ab'}"));
    }

    [Fact]
    public void DigitClassIsAsciiOnly()
    {
        Assert.Equal("v: does not match pattern ^(\\d)+$", Check("{'properties':{'v':{'pattern':'^(\\\\d)+$'}}}", "{'v':'١٢'}"));
    }
}
