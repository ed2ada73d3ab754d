using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// <c>format: email</c> as RFC 5321's Mailbox, the reading of the JSON-Schema-Test-Suite (draft 2020-12,
/// optional/format/email). Cases written here from the RFC's grammar, not copied from the suite.
/// </summary>
public class EmailFormatTests
{
    [Theory]
    [InlineData("x@example.org")]
    [InlineData("first.middle.last@example.org")]
    [InlineData("~x~@example.org")]
    [InlineData("a!#$%&'*+-/=?^_`{|}~z@example.org")]
    [InlineData("\"two  spaces\"@example.org")]
    [InlineData("\"dots..inside.\"@example.org")]
    [InlineData("\"at@inside\"@example.org")]
    [InlineData("\"\"@example.org")]
    [InlineData("\"q\\\"uote\"@example.org")]
    [InlineData("\"back\\\\slash\"@example.org")]
    [InlineData("x@[10.0.0.255]")]
    [InlineData("x@[IPv6:2001:db8::1]")]
    [InlineData("x@[ipv6:::]")]
    [InlineData("x@[IPv6:1:2:3:4:5:6:7:8]")]
    [InlineData("x@[IPv6:::ffff:192.0.2.1]")]
    [InlineData("x@host")]
    [InlineData("x@1.2.3.4")]
    [InlineData("x@a--b.example")]
    public void Valid_mailboxes(string address)
    {
        Assert.True(FormatChecks.IsEmail(Encoding.UTF8.GetBytes(address)), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("@example.org")]
    [InlineData("x@")]
    [InlineData(".x@example.org")]
    [InlineData("x.@example.org")]
    [InlineData("x..y@example.org")]
    [InlineData("x y@example.org")]
    [InlineData("x(comment)@example.org")]
    [InlineData("x@example(comment).org")]
    [InlineData("x,y@example.org")]
    [InlineData("x\"@example.org")]
    [InlineData("\"open@example.org")]
    [InlineData("\"closed\"tail@example.org")]
    [InlineData("\"ctl\u0001\"@example.org")]
    [InlineData("x\\@y@example.org")]
    [InlineData("x@y@example.org")]
    [InlineData("x@exa_mple.org")]
    [InlineData("x@-example.org")]
    [InlineData("x@example-.org")]
    [InlineData("x@.example.org")]
    [InlineData("x@example.org.")]
    [InlineData("x@example..org")]
    [InlineData("x@[10.0.0.256]")]
    [InlineData("x@[10.0.0]")]
    [InlineData("x@[10.0.0.1.2]")]
    [InlineData("x@[10.0.0.1")]
    [InlineData("x@[]")]
    [InlineData("x@[general-literal]")]
    [InlineData("x@[IPv6:1:2:3:4:5:6:7]")]
    [InlineData("x@[IPv6:1::2::3]")]
    [InlineData("x@[IPv6:12345::]")]
    [InlineData("x@host[1.2.3.4]")]
    [InlineData("[1.2.3.4]@example.org")]
    [InlineData("tést@example.org")]
    [InlineData("x@exämple.org")]
    [InlineData("x\uff20example.org")]
    [InlineData("\"\\é\"@example.org")]
    [InlineData("x@example.org\n")]
    [InlineData(" x@example.org")]
    [InlineData("x\t@example.org")]
    [InlineData("\u007f@example.org")]
    [InlineData("x@example.org, y@example.org")]
    public void Invalid_mailboxes(string address)
    {
        Assert.False(FormatChecks.IsEmail(Encoding.UTF8.GetBytes(address)), address);
    }

    [Fact]
    public void Local_part_longer_than_64_bytes_is_refused()
    {
        Assert.True(FormatChecks.IsEmail(Encoding.UTF8.GetBytes(new string('x', 64) + "@example.org")));
        Assert.False(FormatChecks.IsEmail(Encoding.UTF8.GetBytes(new string('x', 65) + "@example.org")));
    }
}
