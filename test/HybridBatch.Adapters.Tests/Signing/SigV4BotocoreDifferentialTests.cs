using System.Text.Json.Nodes;
using HybridBatch.Adapters.Signing;

namespace HybridBatch.Adapters.Tests.Signing;

/// <summary>Every row of test/fixtures/sigv4/requests.json signed here and by botocore must agree to the byte.</summary>
[Collection(BotocoreCollection.Name)]
public class SigV4BotocoreDifferentialTests(BotocoreFixture botocore)
{
    public static TheoryData<string> HeaderRows => SigV4Table.Ids("header");

    public static TheoryData<string> PresignRows => SigV4Table.Ids("presign");

    [Theory]
    [MemberData(nameof(HeaderRows))]
    public void Header_auth_matches_botocore(string id)
    {
        JsonNode row = SigV4Table.Rows[id];
        JsonNode expected = botocore.Results[id];

        SigV4HeaderSignature actual = SigV4Table.Signer(row).Sign(SigV4Table.Request(row, Text(expected, "url")), SigV4Table.Credentials(row), SigV4Table.Timestamp(row));

        Assert.Equal(Text(expected, "canonicalRequest"), actual.CanonicalRequest);
        Assert.Equal(Text(expected, "stringToSign"), actual.StringToSign);
        Assert.Equal(Text(expected, "authorization"), actual.Authorization);
        Assert.Equal(Text(expected, "amzDate"), actual.AmzDate);
        // Outside S3 botocore reports a caller's own X-Amz-Content-Sha256 header, which the signer signs but does not add.
        string? addedContentSha256 = SigV4Table.Text(row, "service") == "s3" ? OptionalText(expected, "contentSha256") : null;
        Assert.Equal(addedContentSha256, actual.ContentSha256);
        Assert.Equal(OptionalText(expected, "securityToken"), actual.SecurityToken);
    }

    [Theory]
    [MemberData(nameof(HeaderRows))]
    public async Task HttpRequestMessage_signing_matches_botocore(string id)
    {
        JsonNode row = SigV4Table.Rows[id];
        JsonNode expected = botocore.Results[id];
        using var request = new HttpRequestMessage(new HttpMethod(SigV4Table.Text(row, "method")), Text(expected, "url"));
        byte[] body = SigV4Table.Body(row);
        List<KeyValuePair<string, string>> headers = SigV4Table.Headers(row);
        if (body.Length > 0 || headers.Any(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach ((string name, string value) in headers)
        {
            bool added = name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
                ? request.Content!.Headers.TryAddWithoutValidation(name, value)
                : request.Headers.TryAddWithoutValidation(name, value);
            Assert.True(added, $"could not add header {name}");
        }

        SigV4HeaderSignature signature = await request.SignAsync(SigV4Table.Signer(row), SigV4Table.Credentials(row), SigV4Table.Timestamp(row), SigV4Table.OptionalText(row, "payloadHash"), CancellationToken.None);

        Assert.Equal(Text(expected, "canonicalRequest"), signature.CanonicalRequest);
        Assert.Equal(Text(expected, "authorization"), Assert.Single(request.Headers.NonValidated["Authorization"]));
        Assert.Equal(Text(expected, "amzDate"), Assert.Single(request.Headers.NonValidated["X-Amz-Date"]));
        string? token = OptionalText(expected, "securityToken");
        Assert.Equal(token is not null, request.Headers.Contains("X-Amz-Security-Token"));
    }

    [Theory]
    [MemberData(nameof(PresignRows))]
    public void Presigned_url_matches_botocore(string id)
    {
        JsonNode row = SigV4Table.Rows[id];
        JsonNode expected = botocore.Results[id];
        TimeSpan expires = TimeSpan.FromSeconds(row["expires"]!.GetValue<int>());

        SigV4PresignedUrl actual = SigV4Table.Signer(row).Presign(SigV4Table.Request(row, Text(expected, "url")), SigV4Table.Credentials(row), SigV4Table.Timestamp(row), expires);

        Assert.Equal(Text(expected, "canonicalRequest"), actual.CanonicalRequest);
        Assert.Equal(Text(expected, "stringToSign"), actual.StringToSign);
        Assert.Equal(Text(expected, "presignedUrl"), actual.Uri.AbsoluteUri);
        Assert.Equal(SigV4Table.Timestamp(row) + expires, actual.Expires);
    }

    [Fact]
    public void The_table_covers_what_the_signer_must_get_right()
    {
        // Guards the table itself: dropping a row that exercises one of these would weaken the comparison silently.
        IEnumerable<JsonNode> rows = SigV4Table.Rows.Values;
        string[] methods = rows.Where(r => r["method"] is not null).Select(r => SigV4Table.Text(r, "method")).Distinct().ToArray();
        Assert.Subset(methods.ToHashSet(), new HashSet<string> { "GET", "POST", "PUT", "DELETE" });
        string[] services = rows.Where(r => r["service"] is not null).Select(r => SigV4Table.Text(r, "service")).Distinct().ToArray();
        Assert.Subset(services.ToHashSet(), new HashSet<string> { "batch", "s3", "kafka", "kafka-cluster" });
        Assert.True(rows.Select(r => SigV4Table.Text(r, "region")).Distinct().Count() >= 5);
        string paths = string.Join('\n', rows.Select(r => SigV4Table.OptionalText(r, "path") ?? ""));
        foreach (string part in new[] { " ", "ü", "+", "%", "~", "=", "//" })
        {
            Assert.Contains(part, paths);
        }

        Assert.Contains(rows, r => r["token"] is not null && r["mode"]!.GetValue<string>() == "header");
        Assert.Contains(rows, r => r["token"] is null && r["mode"]!.GetValue<string>() == "header");
        Assert.Contains(rows, r => r["body"] is not null);
        Assert.Equal(rows.Count(), botocore.Results.Count);
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    private static string? OptionalText(JsonNode node, string name) => node[name]?.GetValue<string>();
}
