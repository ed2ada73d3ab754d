using System.Text;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Processing;

/// <summary>
/// A value whose backtracking pattern timed out is that record's reject in the split, listed in the chunk plan,
/// and the worker takes the split's word for it: rejected once, never validated (nor timed out) again.
/// </summary>
public class PatternTimeoutTests
{
    // The lookahead keeps this pattern on the backtracking engine; (a+)+ against a's and a '!' then explodes.
    private const string SchemaJson = """
        {
          "type": "object",
          "required": ["id"],
          "properties": {
            "id": { "type": "integer" },
            "code": { "type": "string", "pattern": "^(?=a)(a+)+$" }
          }
        }
        """;

    /// <summary>
    /// Short enough that the evil value (2^40 ways to split its a's) times out quickly, long enough that the valid
    /// values never do, even when the first match pays for compiling the regex on a loaded machine (a 1 ms timeout
    /// did); no time is asserted anywhere.
    /// </summary>
    private static readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(250);

    private static readonly RecordSchema _schema = RecordSchema.Load(Encoding.UTF8.GetBytes(SchemaJson), "timeout", _timeout);

    private static readonly string _evil = new string('a', 40) + "!";

    [Fact]
    public void A_pattern_with_a_lookahead_stays_on_the_backtracking_engine_with_its_timeout()
    {
        SchemaNode code = _schema.Root.Properties!.Nodes[_schema.Root.Properties.Find("code")]!;

        Assert.False(code.Pattern!.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        Assert.Equal(_timeout, code.Pattern.MatchTimeout);
    }

    [Fact]
    public async Task The_split_rejects_a_timed_out_record_once_and_lists_it_in_the_plan()
    {
        SplitOutcome outcome = await Split(Records());

        Assert.Equal(5L, outcome.TotalRecords);
        Assert.Equal(2L, outcome.RejectedRecords);
        Assert.Equal([1L], outcome.Chunks[0].PatternTimeouts);
        Assert.Null(outcome.Chunks[1].PatternTimeouts);
        Assert.Contains(outcome.FirstErrors, e => e.Index == 1 && e.Reason.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_worker_skips_the_listed_records_without_validating_them()
    {
        byte[] data = Encoding.UTF8.GetBytes(Records());
        SplitOutcome outcome = await Split(Records());
        ChunkPlanEntry first = outcome.Chunks[0];

        // Also list record 2, which is valid: a worker that judged records again would publish it, and its
        // counts would no longer match the split's. Even a worker that validates again (--revalidate) skips them.
        ChunkPlanEntry trusted = first with { PatternTimeouts = [1L, 2L], Rejected = first.Rejected + 1 };
        var sink = new RecordingSink();
        ChunkCounts counts = await new ChunkProcessor(Plan(outcome, data), _schema, new ProcessOptions { Revalidate = true })
            .ProcessAsync(trusted, new MemoryStream(data[(int)first.ByteStart..(int)first.ByteEnd]), sink, null, CancellationToken.None);

        Assert.Equal(new ChunkCounts(3, 1, 2), counts);
        Assert.Equal([0L], sink.Messages.Select(m => m.Index));
    }

    [Fact]
    public async Task The_worker_agrees_with_the_split_on_the_timed_out_record()
    {
        byte[] data = Encoding.UTF8.GetBytes(Records());
        SplitOutcome outcome = await Split(Records());
        ChunkPlanEntry first = outcome.Chunks[0];
        var sink = new RecordingSink();

        ChunkCounts counts = await new ChunkProcessor(Plan(outcome, data), _schema, new ProcessOptions())
            .ProcessAsync(first, new MemoryStream(data[(int)first.ByteStart..(int)first.ByteEnd]), sink, null, CancellationToken.None);

        Assert.Equal(new ChunkCounts(3, 2, 1), counts);
        Assert.Equal([0L, 2L], sink.Messages.Select(m => m.Index));
    }

    [Fact]
    public async Task The_timed_out_indices_survive_the_plan_document_a_worker_reads()
    {
        SplitOutcome outcome = await Split(Records());
        byte[] stored = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(outcome.Chunks, HybridBatchJson.Default.IReadOnlyListChunkPlanEntry);

        IReadOnlyList<ChunkPlanEntry> read = System.Text.Json.JsonSerializer.Deserialize(stored, HybridBatchJson.Default.IReadOnlyListChunkPlanEntry)!;

        Assert.Equal([1L], read[0].PatternTimeouts);
        Assert.Null(read[1].PatternTimeouts);
        Assert.Contains("\"patternTimeouts\"", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
    }

    private static string Records() =>
        "{\"id\":0,\"code\":\"aaa\"}\n" +
        $"{{\"id\":1,\"code\":\"{_evil}\"}}\n" +
        "{\"id\":2}\n" +
        "{\"id\":\"three\"}\n" +
        "{\"id\":4,\"code\":\"aaaa\"}\n";

    private static Task<SplitOutcome> Split(string text) =>
        new Splitter(_schema, InputFormat.JsonLines, new SplitOptions { ChunkRecords = 3 })
            .SplitAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), Stream.Null, staging: null, CancellationToken.None);

    private static ChunkPlan Plan(SplitOutcome outcome, byte[] data) => new()
    {
        RunId = "run-1",
        Source = new ObjectLocation("bucket", "key"),
        SourceVersion = "v1",
        SourceSize = data.Length,
        Format = HybridBatch.Core.Records.RecordFormat.JsonLines,
        Delimiter = ",",
        Schema = _schema.Name,
        ChunkRecords = 3,
        MaxRecordBytes = 1 << 20,
        TotalRecords = outcome.TotalRecords,
        ValidRecords = outcome.ValidRecords,
        RejectedRecords = outcome.RejectedRecords,
        Chunks = outcome.Chunks,
    };
}
