using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HybridBatch.Adapters.Signing;

namespace HybridBatch.Adapters.Tests.Signing;

/// <summary>The request table in test/fixtures/sigv4/requests.json, read the same way botocore_sign.py reads it.</summary>
internal static class SigV4Table
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "sigv4");
    public static readonly string TablePath = Path.Combine(Folder, "requests.json");
    public static readonly string ScriptPath = Path.Combine(Folder, "botocore_sign.py");

    private static readonly Lazy<IReadOnlyDictionary<string, JsonNode>> _rows = new(() =>
        JsonNode.Parse(File.ReadAllText(TablePath))!["rows"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!));

    public static IReadOnlyDictionary<string, JsonNode> Rows => _rows.Value;

    public static TheoryData<string> Ids(string mode)
    {
        var ids = new TheoryData<string>();
        foreach ((string id, JsonNode row) in Rows)
        {
            if (Text(row, "mode") == mode)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    public static string Text(JsonNode row, string name) => row[name]!.GetValue<string>();

    public static string? OptionalText(JsonNode row, string name) => row[name]?.GetValue<string>();

    public static AwsCredentials Credentials(JsonNode row) => new(Text(row, "accessKey"), Text(row, "secretKey"), OptionalText(row, "token"));

    public static DateTimeOffset Timestamp(JsonNode row) =>
        DateTimeOffset.ParseExact(Text(row, "timestamp"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static List<KeyValuePair<string, string>> Headers(JsonNode row) =>
        row["headers"]?.AsArray().Select(h => new KeyValuePair<string, string>(h![0]!.GetValue<string>(), h[1]!.GetValue<string>())).ToList() ?? [];

    public static byte[] Body(JsonNode row) => Encoding.UTF8.GetBytes(OptionalText(row, "body") ?? "");

    /// <summary>The row as a request description, on the URL botocore built for it.</summary>
    public static SigV4Request Request(JsonNode row, string url) => new(Text(row, "method"), new Uri(url))
    {
        Headers = Headers(row),
        Body = Body(row),
        PayloadHash = OptionalText(row, "payloadHash"),
    };

    public static SigV4Signer Signer(JsonNode row) => new(Text(row, "service"), Text(row, "region"));
}
