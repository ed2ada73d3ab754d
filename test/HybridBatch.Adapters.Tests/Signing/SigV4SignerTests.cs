using Amazon.Runtime;
using HybridBatch.Adapters.Signing;

namespace HybridBatch.Adapters.Tests.Signing;

public class SigV4SignerTests
{
    private static readonly AwsCredentials _keys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "the-token");
    private static readonly DateTimeOffset _now = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("", "us-east-1", "Service")]
    [InlineData("batch", "", "Region")]
    [InlineData("batch", "us east 1", "Region")]
    public void Options_name_the_bad_setting(string service, string region, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => new SigV4Signer(service, region));

        Assert.Contains($"SigV4SignerOptions.{setting}", error.Message);
    }

    [Fact]
    public void Credentials_never_print_their_secret_or_token()
    {
        string text = _keys.ToString();

        Assert.Contains("AKIDEXAMPLE", text);
        Assert.DoesNotContain(_keys.SecretAccessKey, text);
        Assert.DoesNotContain("the-token", text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(604801)]
    public void Presign_refuses_expiry_outside_one_second_to_seven_days(int seconds)
    {
        var request = new SigV4Request("GET", new Uri("https://b.s3.amazonaws.com/k"));

        Assert.Throws<ArgumentOutOfRangeException>(() => new SigV4Signer("s3", "us-east-1").Presign(request, _keys, _now, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Wire_uri_carries_the_escaping_that_was_signed()
    {
        // '+' and '=' in a key, a bare flag and a literal '+' in the query: sent as they were signed, in the caller's order.
        var request = new SigV4Request("GET", new Uri("https://b.s3.amazonaws.com/a+b=c/d e?z=1+2&flag"));

        SigV4HeaderSignature signature = new SigV4Signer("s3", "us-east-1").Sign(request, _keys, _now);

        Assert.Equal("https://b.s3.amazonaws.com/a%2Bb%3Dc/d%20e?z=1%2B2&flag=", signature.RequestUri.AbsoluteUri);
        Assert.Contains("\n/a%2Bb%3Dc/d%20e\nflag=&z=1%2B2\n", signature.CanonicalRequest);
    }

    [Fact]
    public void A_caller_supplied_date_or_token_header_is_replaced_not_signed_twice()
    {
        var request = new SigV4Request("GET", new Uri("https://batch.us-east-1.amazonaws.com/v1/x"))
        {
            Headers = [new("X-Amz-Date", "19990101T000000Z"), new("X-Amz-Security-Token", "stale"), new("Authorization", "old")],
        };

        SigV4HeaderSignature signature = new SigV4Signer("batch", "us-east-1").Sign(request, _keys, _now);

        Assert.Equal("host;x-amz-date;x-amz-security-token", signature.SignedHeaders);
        Assert.Contains("x-amz-date:20240102T030405Z\n", signature.CanonicalRequest);
        Assert.Contains("x-amz-security-token:the-token\n", signature.CanonicalRequest);
        Assert.DoesNotContain("stale", signature.CanonicalRequest);
    }

    [Fact]
    public async Task Signing_an_HttpRequestMessage_twice_replaces_the_first_signature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://hb.s3.eu-west-1.amazonaws.com/out/a b.jsonl")
        {
            Content = new ByteArrayContent("{\"a\":1}\n"u8.ToArray()),
        };
        var signer = new SigV4Signer("s3", "eu-west-1");

        await request.SignAsync(signer, _keys, _now, CancellationToken.None);
        SigV4HeaderSignature second = await request.SignAsync(signer, _keys, _now.AddMinutes(1), CancellationToken.None);

        Assert.Equal(second.Authorization, Assert.Single(request.Headers.NonValidated["Authorization"]));
        Assert.Equal("20240102T030505Z", Assert.Single(request.Headers.NonValidated["X-Amz-Date"]));
        Assert.Equal("the-token", Assert.Single(request.Headers.NonValidated["X-Amz-Security-Token"]));
        Assert.Equal(SigV4Crypto.Sha256Hex("{\"a\":1}\n"u8), Assert.Single(request.Headers.NonValidated["X-Amz-Content-Sha256"]));
        Assert.Equal("/out/a%20b.jsonl", request.RequestUri!.AbsolutePath);
        Assert.Equal("{\"a\":1}\n", await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sdk_session_credentials_keep_their_token()
    {
        var provider = new AwsSdkCredentialsProvider(new SessionAWSCredentials("ASIAKEY", "secret", "session"));

        AwsCredentials credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(("ASIAKEY", "secret", "session"), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
    }

    [Fact]
    public async Task Sdk_basic_credentials_have_no_token()
    {
        var provider = new AwsSdkCredentialsProvider(new BasicAWSCredentials("AKIAKEY", "secret"));

        AwsCredentials credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal("AKIAKEY", credentials.AccessKeyId);
        Assert.Null(credentials.SessionToken);
    }
}
