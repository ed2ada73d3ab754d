using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The formats of issue 13, item 3, each against its RFC, with cases written for this project after the
/// JSON-Schema-Test-Suite's draft 2020-12 optional/format files (read, not copied).
/// </summary>
public class RfcFormatTests
{
    [Theory]
    [InlineData("08:30:06Z", true)]
    [InlineData("08:30:06z", true)]
    [InlineData("23:20:50.52Z", true)]
    [InlineData("12:34:56-00:00", true)]
    [InlineData("23:59:60Z", true)]
    [InlineData("15:59:60-08:00", true)]
    [InlineData("00:29:60-23:30", true)]
    [InlineData("22:59:60Z", false)]
    [InlineData("23:59:60+01:00", false)]
    [InlineData("24:00:00Z", false)]
    [InlineData("00:60:00Z", false)]
    [InlineData("12:00:00", false)]
    [InlineData("8:30:06Z", false)]
    [InlineData("08:30:06+0130", false)]
    [InlineData("08:30:06+01", false)]
    [InlineData("08:30:06Z\n", false)]
    [InlineData("08:30:06.Z", false)]
    [InlineData("1২:00:00Z", false)]
    [InlineData("2020-11-28T23:55:45Z", false)]
    public void Time_is_RFC_3339_full_time(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.Time, text));

    [Theory]
    [InlineData("P4DT12H30M5S", true)]
    [InlineData("P1Y2M3DT4H5M6S", true)]
    [InlineData("P2W", true)]
    [InlineData("PT0S", true)]
    [InlineData("P1Y2M", true)]
    [InlineData("PT1M2S", true)]
    [InlineData("P01D", true)]
    [InlineData("P99999999999999999999999D", true)]
    [InlineData("P", false)]
    [InlineData("PT", false)]
    [InlineData("P1YT", false)]
    [InlineData("PT1D", false)]
    [InlineData("P2D1Y", false)]
    [InlineData("P1D2H", false)]
    [InlineData("P1Y2D", false)]
    [InlineData("PT1H2S", false)]
    [InlineData("P1Y2W", false)]
    [InlineData("P1WT1H", false)]
    [InlineData("PT0.5S", false)]
    [InlineData("-P1D", false)]
    [InlineData("p1d", false)]
    [InlineData("P২Y", false)]
    public void Duration_is_RFC_3339_appendix_A(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.Duration, text));

    [Theory]
    [InlineData("www.example.com", true)]
    [InlineData("1example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("xn--4gbwdl.xn--wgbh1c", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk.com", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl.com", false)]
    [InlineData("-hostname", false)]
    [InlineData("hostname-", false)]
    [InlineData("host_name", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("example..com", false)]
    [InlineData("example.com.", false)]
    [InlineData("ab--cd.example", false)]
    [InlineData("xn--X", false)]
    [InlineData("ex ample.com", false)]
    [InlineData("exämple.com", false)]
    public void Hostname_is_RFC_1123_with_RFC_5891_A_labels(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.Hostname, text));

    [Fact]
    public void Hostname_is_at_most_253_characters()
    {
        string label = new('a', 63);
        string host = string.Join('.', label, label, label, new string('a', 61));
        Assert.Equal(253, host.Length);
        Assert.True(Is(StringFormat.Hostname, host));
        Assert.False(Is(StringFormat.Hostname, host + "a"));
    }

    [Theory]
    [InlineData("192.168.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("087.10.0.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("0x7f000001", false)]
    [InlineData("1২7.0.0.1", false)]
    [InlineData("192.168.1.0/24", false)]
    [InlineData("1.2.3.4\n", false)]
    public void Ipv4_is_the_RFC_2673_dotted_quad(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.IPv4, text));

    [Theory]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("1:2:3:4:5:6:7:8", true)]
    [InlineData("1::", true)]
    [InlineData("1:2:3:4:5:6:7::", true)]
    [InlineData("::ffff:192.168.0.1", true)]
    [InlineData("1:2:3:4:5:6:1.2.3.4", true)]
    [InlineData("fe80::a%eth1", false)]
    [InlineData("12345::", false)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData("1::2::3", false)]
    [InlineData(":1:2", false)]
    [InlineData("1:2:", false)]
    [InlineData("::ffff:192.168.0.01", false)]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4", false)]
    [InlineData(" ::1", false)]
    [InlineData("::g", false)]
    public void Ipv6_is_RFC_4291_text(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.IPv6, text));

    [Theory]
    [InlineData("http://foo.bar/?baz=qux#quux", true)]
    [InlineData("http://foo.com/blah_(wikipedia)_blah#cite-1", true)]
    [InlineData("http://foo.bar/?q=Test%20URL-encoded%20stuff", true)]
    [InlineData("http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", true)]
    [InlineData("http://[2001:db8::7]/c=GB?objectClass?one", true)]
    [InlineData("ldap://[2001:db8::7]/c=GB?objectClass?one", true)]
    [InlineData("mailto:John.Doe@example.com", true)]
    [InlineData("urn:oasis:names:specification:docbook:dtd:xml:4.1.2", true)]
    [InlineData("tel:+1-816-555-1212", true)]
    [InlineData("http://223.255.255.254", true)]
    [InlineData("http://[v1.fe80::a+en1]", true)]
    [InlineData("a:", true)]
    [InlineData("//foo.bar/?baz=qux#quux", false)]
    [InlineData("/abc", false)]
    [InlineData("\\\\WINDOWS\\fileshare", false)]
    [InlineData("abc", false)]
    [InlineData("http:// shouldfail.com", false)]
    [InlineData(":// should fail", false)]
    [InlineData("bar,baz:foo", false)]
    [InlineData("http://example.com/%zz", false)]
    [InlineData("http://例子.测试", false)]
    [InlineData("http://[::1", false)]
    [InlineData("http://example.com:8x", false)]
    public void Uri_is_an_RFC_3986_URI(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.Uri, text));

    [Theory]
    [InlineData("http://foo.bar/?baz=qux#quux", true)]
    [InlineData("//foo.bar/?baz=qux#quux", true)]
    [InlineData("/abc", true)]
    [InlineData("abc", true)]
    [InlineData("#fragment", true)]
    [InlineData("", true)]
    [InlineData("../a/b?c", true)]
    [InlineData("\\\\WINDOWS\\filëshare", false)]
    [InlineData("#frag\\ment", false)]
    [InlineData("1a:b", false)]
    [InlineData("a b", false)]
    public void Uri_reference_is_an_RFC_3986_URI_reference(string text, bool valid) => Assert.Equal(valid, Is(StringFormat.UriReference, text));

    [Fact]
    public void Formats_are_asserted_by_default_and_off_gives_annotations()
    {
        const string schema = "{\"properties\":{\"h\":{\"format\":\"hostname\"}}}";
        const string record = "{\"h\":\"not_a_host\"}";

        Assert.Equal("h: not a valid hostname", RecordSchema.Load(Encoding.UTF8.GetBytes(schema), "t").ValidateJson(Encoding.UTF8.GetBytes(record))?.ToString());
        Assert.Null(RecordSchema.Load(Encoding.UTF8.GetBytes(schema), "t", FormatAssertion.Off).ValidateJson(Encoding.UTF8.GetBytes(record)));
    }

    [Fact]
    public void An_unknown_format_is_an_annotation_listed_for_a_load_time_warning()
    {
        RecordSchema schema = Compile("{'properties':{'a':{'format':'x-color'},'b':{'format':'uuid'}}}");

        Assert.Equal(["#/properties/a/format: 'x-color'"], schema.UnknownFormats);
        Assert.Null(Check(schema, J("{'a':'anything','b':'123e4567-e89b-12d3-a456-426614174000'}")));
    }

    private static bool Is(StringFormat format, string text) => FormatChecks.IsValid(format, Encoding.UTF8.GetBytes(text));
}
