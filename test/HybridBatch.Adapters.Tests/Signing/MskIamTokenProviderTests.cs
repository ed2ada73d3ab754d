using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using HybridBatch.Adapters.Signing;

namespace HybridBatch.Adapters.Tests.Signing;

[Collection(BotocoreCollection.Name)]
public class MskIamTokenProviderTests(BotocoreFixture botocore)
{
    public static TheoryData<string> MskRows => SigV4Table.Ids("msk");

    [Theory]
    [MemberData(nameof(MskRows))]
    public async Task Token_is_the_url_botocore_presigns_for_kafka_cluster_connect(string id)
    {
        JsonNode row = SigV4Table.Rows[id];
        JsonNode expected = botocore.Results[id];
        var provider = new MskIamTokenProvider(
            SigV4Table.Text(row, "region"),
            new FixedCredentialsProvider(SigV4Table.Credentials(row)),
            new FixedTimeProvider(SigV4Table.Timestamp(row)),
            SigV4Table.Text(row, "userAgent"));

        (string token, DateTimeOffset expiry) = await provider.GetTokenAsync(CancellationToken.None);

        string actualUrl = Decode(token);
        string expectedUrl = expected["presignedUrl"]!.GetValue<string>();
        Assert.Equal(expectedUrl, Decode(expected["token"]!.GetValue<string>()));
        // Everything up to the signature is signed and must match to the byte; the unsigned User-Agent after it
        // only has to carry the same value (botocore writes a space as '+', this signer as %20).
        Assert.Equal(BeforeUserAgent(expectedUrl), BeforeUserAgent(actualUrl));
        Assert.Equal(SigV4Table.Text(row, "userAgent"), Query(actualUrl)["User-Agent"]);
        Assert.Equal(SigV4Table.Text(row, "userAgent"), Query(expectedUrl)["User-Agent"]);
        if (!SigV4Table.Text(row, "userAgent").Contains(' '))
        {
            Assert.Equal(expected["token"]!.GetValue<string>(), token);
        }

        Assert.Equal(SigV4Table.Timestamp(row).AddSeconds(900), expiry);
    }

    [Fact]
    public async Task Token_has_the_shape_msk_brokers_expect()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
        var provider = new MskIamTokenProvider("eu-west-1", new FixedCredentialsProvider(new AwsCredentials("ASIAXYZ", "secret", "session/token+==")), new FixedTimeProvider(now));

        (string token, DateTimeOffset expiry) = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.NotEqual(0, token.Length % 4); // this URL's length leaves a remainder, so padding would have shown
        var url = new Uri(Decode(token));
        Assert.Equal("https", url.Scheme);
        Assert.Equal("kafka.eu-west-1.amazonaws.com", url.Host);
        Assert.Equal("/", url.AbsolutePath);
        var query = Query(url.AbsoluteUri);
        Assert.Equal("kafka-cluster:Connect", query["Action"]);
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.Equal("ASIAXYZ/20250304/eu-west-1/kafka-cluster/aws4_request", query["X-Amz-Credential"]);
        Assert.Equal("20250304T050607Z", query["X-Amz-Date"]);
        Assert.Equal("900", query["X-Amz-Expires"]);
        Assert.Equal("host", query["X-Amz-SignedHeaders"]);
        Assert.Equal("session/token+==", query["X-Amz-Security-Token"]);
        Assert.Matches("^[0-9a-f]{64}$", query["X-Amz-Signature"]);
        Assert.StartsWith("hybridbatch-msk-iam/", query["User-Agent"]);
        Assert.Contains("Action=kafka-cluster%3AConnect", url.AbsoluteUri);
        // Whole seconds, as X-Amz-Date has them, plus 900 s: librdkafka gets this as ms since the epoch.
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 21, 7, TimeSpan.Zero), expiry);
        Assert.True(expiry > now);
        Assert.Equal(1741065667000, expiry.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Long_term_keys_carry_no_security_token()
    {
        var provider = new MskIamTokenProvider("us-east-1", new FixedCredentialsProvider(new AwsCredentials("AKIDEXAMPLE", "secret")), new FixedTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55)));

        (string token, _) = await provider.GetTokenAsync(CancellationToken.None);

        Assert.DoesNotContain("X-Amz-Security-Token", Decode(token));
    }

    [Fact]
    public async Task Each_token_uses_the_credentials_current_at_that_moment()
    {
        var rotating = new RotatingCredentials(new AwsCredentials("ASIAFIRST", "one", "t1"), new AwsCredentials("ASIASECOND", "two", "t2"));
        var provider = new MskIamTokenProvider("us-east-1", rotating, new FixedTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        (string first, _) = await provider.GetTokenAsync(CancellationToken.None);
        (string second, _) = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Contains("ASIAFIRST", Query(Decode(first))["X-Amz-Credential"]);
        Assert.Contains("ASIASECOND", Query(Decode(second))["X-Amz-Credential"]);
    }

    [Fact]
    public async Task A_cancelled_credentials_lookup_cancels_the_token()
    {
        var provider = new MskIamTokenProvider("us-east-1", new RotatingCredentials(), TimeProvider.System);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetTokenAsync(cancelled.Token));
    }

    private static string Decode(string token) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));

    private static string BeforeUserAgent(string url) => url[..url.IndexOf("&User-Agent=", StringComparison.Ordinal)];

    private static System.Collections.Specialized.NameValueCollection Query(string url) => HttpUtility.ParseQueryString(new Uri(url).Query);

    /// <summary>Hands out the given credentials in turn, as a refreshing role would; honours cancellation.</summary>
    private sealed class RotatingCredentials(params AwsCredentials[] sequence) : IAwsCredentialsProvider
    {
        private int _next;

        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(sequence[_next++ % sequence.Length]);
        }
    }
}
