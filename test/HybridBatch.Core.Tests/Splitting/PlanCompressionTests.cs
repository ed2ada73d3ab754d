using System.Text;
using System.Text.Json;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The plan names its input's compression once (<c>"compression": "none|gzip|zstd"</c>); plans written before zstd
/// existed said <c>"gzip": true|false</c> and still read as they meant.
/// </summary>
public sealed class PlanCompressionTests
{
    private const string OldPlan = """
        { "runId": "r", "source": { "bucket": "in", "key": "a.jsonl.gz" }, "sourceVersion": "v", "sourceSize": 1,
          "format": "jsonl", "delimiter": ",", "gzip": GZIP, "schema": "orders", "chunkRecords": 1, "maxRecordBytes": 10,
          "totalRecords": 0, "validRecords": 0, "rejectedRecords": 0, "chunks": [] }
        """;

    [Theory]
    [InlineData("true", InputCompressionText.Gzip)]
    [InlineData("false", InputCompressionText.None)]
    public void A_plan_with_the_old_gzip_flag_reads_as_its_compression(string gzip, string expected)
    {
        ChunkPlan plan = JsonSerializer.Deserialize(OldPlan.Replace("GZIP", gzip, StringComparison.Ordinal), HybridBatchJson.Default.ChunkPlan)!;

        Assert.Equal(expected, plan.Compression);
    }

    [Theory]
    [InlineData(InputCompression.None)]
    [InlineData(InputCompression.Gzip)]
    [InlineData(InputCompression.Zstd)]
    public void A_new_plan_writes_its_compression_by_name_and_no_gzip_flag(InputCompression compression)
    {
        ChunkPlan plan = new()
        {
            RunId = "r", Source = new ObjectLocation("in", "a.jsonl"), SourceVersion = "v", SourceSize = 1, Format = HybridBatch.Core.Records.RecordFormat.JsonLines, Delimiter = ",",
            Compression = InputCompressionText.Name(compression),
            Schema = "orders", ChunkRecords = 1, MaxRecordBytes = 10, TotalRecords = 0, ValidRecords = 0, RejectedRecords = 0, Chunks = [],
        };

        string json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(plan, HybridBatchJson.Default.ChunkPlan));
        ChunkPlan read = JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkPlan)!;

        Assert.Contains($"\"compression\": \"{InputCompressionText.Name(compression)}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"gzip\":", json, StringComparison.Ordinal);
        Assert.Equal(compression, InputCompressionText.TryParse(read.Compression));
    }

    [Fact]
    public void A_plan_written_before_the_quote_format_and_depth_options_reads_with_their_documented_defaults()
    {
        // Neither "csvQuotes", "formatAssertion" nor "maxDepth" is in the old plan: the generated reader must not
        // leave them null or 0 (a depth of 0 would reject every nested record).
        ChunkPlan plan = JsonSerializer.Deserialize(OldPlan.Replace("GZIP", "false", StringComparison.Ordinal), HybridBatchJson.Default.ChunkPlan)!;

        Assert.Equal(HybridBatch.Core.Records.CsvQuotesText.Lenient, plan.CsvQuotes);
        Assert.Equal(HybridBatch.Core.Schema.FormatAssertionText.On, plan.FormatAssertion);
        Assert.Equal(HybridBatch.Core.Schema.JsonDepthLimit.Default, plan.MaxDepth);
    }

    [Fact]
    public void Names_are_one_spelling_each_and_an_unknown_one_is_not_read()
    {
        Assert.All(Enum.GetValues<InputCompression>(), c => Assert.Equal(c, InputCompressionText.TryParse(InputCompressionText.Name(c))));
        Assert.Null(InputCompressionText.TryParse("brotli"));
    }
}
