using HybridBatch.Adapters.Signing;

namespace HybridBatch.Adapters.Tests.Signing;

/// <summary>
/// AWS's own published examples: the IAM ListUsers walkthrough, the signing-key example, the SigV4 test suite's
/// vanilla requests, and the S3 GET Object examples for header and query-string auth. They anchor both this
/// signer and the botocore comparison to the specification.
/// </summary>
public class SigV4KnownAnswerTests
{
    private static readonly AwsCredentials _exampleKeys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly AwsCredentials _s3ExampleKeys = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset _suiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _s3ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("20120215", "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")]
    [InlineData("20150830", "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")]
    public void Signing_key_matches_the_published_derivation(string date, string expectedHex)
    {
        byte[] key = SigV4Crypto.SigningKey(_exampleKeys.SecretAccessKey, date, "us-east-1", "iam");

        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Iam_list_users_example_signs_as_documented()
    {
        var request = new SigV4Request("GET", new Uri("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"))
        {
            Headers = [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
        };

        SigV4HeaderSignature signature = new SigV4Signer("iam", "us-east-1").Sign(request, _exampleKeys, _suiteTime);

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n" +
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n" +
            "content-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            signature.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            signature.StringToSign);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            signature.Authorization);
    }

    [Theory]
    [InlineData("GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    public void Test_suite_vanilla_requests_sign_as_published(string method, string url, string expectedSignature)
    {
        SigV4HeaderSignature signature = new SigV4Signer("service", "us-east-1").Sign(new SigV4Request(method, new Uri(url)), _exampleKeys, _suiteTime);

        Assert.Equal($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={expectedSignature}", signature.Authorization);
    }

    [Fact]
    public void S3_get_object_with_range_signs_as_documented()
    {
        var request = new SigV4Request("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt")) { Headers = [new("Range", "bytes=0-9")] };

        SigV4HeaderSignature signature = new SigV4Signer("s3", "us-east-1").Sign(request, _s3ExampleKeys, _s3ExampleTime);

        Assert.Equal(
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n" +
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20130524T000000Z\n\n" +
            "host;range;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            signature.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            signature.Authorization);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", signature.ContentSha256);
    }

    [Fact]
    public void S3_presigned_get_object_matches_the_documented_url()
    {
        var request = new SigV4Request("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"));

        SigV4PresignedUrl presigned = new SigV4Signer("s3", "us-east-1").Presign(request, _s3ExampleKeys, _s3ExampleTime, TimeSpan.FromDays(1));

        Assert.Equal(
            "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n" +
            "host:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD",
            presigned.CanonicalRequest);
        Assert.Equal(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            presigned.Uri.AbsoluteUri);
    }
}
