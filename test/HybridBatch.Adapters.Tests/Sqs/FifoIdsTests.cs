using System.Text;
using HybridBatch.Adapters.Sqs;

namespace HybridBatch.Adapters.Tests.Sqs;

public class FifoIdsTests
{
    [Theory]
    [InlineData("{\"id\":1,\"customer\":\"c-7\"}", "c-7")]
    [InlineData("{\"customer\":42,\"id\":1}", "42")]
    [InlineData("{\"nested\":{\"customer\":\"inner\"},\"customer\":true}", "true")]
    [InlineData("{\"id\":1}", null)]
    [InlineData("{\"customer\":null}", null)]
    [InlineData("{\"customer\":\"\"}", null)]
    [InlineData("{\"customer\":{\"a\":1}}", null)]
    public void Group_comes_from_the_top_level_field(string json, string? expected)
    {
        Assert.Equal(expected, FifoIds.GroupFromField(Encoding.UTF8.GetBytes(json), "customer"u8));
    }

    [Fact]
    public void Ids_sqs_would_refuse_are_hashed()
    {
        string longId = new('a', 129);

        Assert.Equal(new string('a', 128), FifoIds.Safe(new string('a', 128)));
        Assert.Matches("^sha256-[0-9a-f]{64}$", FifoIds.Safe(longId));
        Assert.Matches("^sha256-[0-9a-f]{64}$", FifoIds.Safe("Zürich"));
        Assert.Matches("^sha256-[0-9a-f]{64}$", FifoIds.Safe("has space"));
        Assert.NotEqual(FifoIds.Safe(longId), FifoIds.Safe(longId + "b"));
    }

    [Fact]
    public void Deduplication_id_is_the_record_identity_and_stays_within_128_characters()
    {
        Assert.Equal("orders-abc:17", FifoIds.DeduplicationId("orders-abc", 17));
        Assert.True(FifoIds.DeduplicationId(new string('r', 130), 1).Length <= 128);
    }
}
