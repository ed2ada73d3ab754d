using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary><c>--format-assertion</c>: applied by the split, carried in the plan so a worker loads the schema alike.</summary>
public sealed class FormatAssertionPlanTests
{
    private static readonly ObjectLocation s_input = new("in", "drop/hosts.jsonl");
    private static readonly byte[] s_schema = Encoding.UTF8.GetBytes("{\"properties\":{\"h\":{\"type\":\"string\",\"format\":\"hostname\"}}}");
    private static readonly byte[] s_data = Encoding.UTF8.GetBytes("{\"h\":\"example.com\"}\n{\"h\":\"not_a_host\"}\n");

    [Theory]
    [InlineData(FormatAssertion.On, "on", 1)]
    [InlineData(FormatAssertion.Off, "off", 0)]
    public async Task The_split_judges_formats_as_told_and_the_plan_says_how(FormatAssertion assertion, string planned, long rejected)
    {
        var store = new InMemoryObjectStore();
        store.Put(s_input, s_data);
        RecordSchema schema = RecordSchema.Load(s_schema, "hosts", assertion);

        SplitResult result = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(
            new SplitRequest(s_input, schema, InputFormat.JsonLines, "work", new SplitOptions { ChunkRecords = 10 }, new GateOptions { MaxErrorRate = 1 }),
            CancellationToken.None);

        byte[] planJson = await store.ReadAllAsync(new RunLayout("work", result.Summary.RunId).Plan, CancellationToken.None);
        ChunkPlan plan = JsonSerializer.Deserialize(planJson, HybridBatchJson.Default.ChunkPlan)!;
        Assert.Equal(planned, plan.FormatAssertion);
        Assert.Equal(rejected, plan.RejectedRecords);
        Assert.Contains($"\"formatAssertion\": \"{planned}\"", Encoding.UTF8.GetString(planJson), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_written_before_the_option_reads_as_on()
    {
        var plan = new ChunkPlan
        {
            RunId = "r", Source = s_input, SourceVersion = "v", SourceSize = 1, Format = HybridBatch.Core.Records.RecordFormat.JsonLines, Delimiter = ",",
            Schema = "hosts", ChunkRecords = 1, MaxRecordBytes = 10, TotalRecords = 0, ValidRecords = 0, RejectedRecords = 0, Chunks = [],
        };

        Assert.Equal(FormatAssertionText.On, plan.FormatAssertion);
        Assert.Equal(FormatAssertion.On, FormatAssertionText.TryParse(plan.FormatAssertion));
        Assert.Null(FormatAssertionText.TryParse("maybe"));
    }
}
