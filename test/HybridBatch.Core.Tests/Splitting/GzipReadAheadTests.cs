using System.Text;
using System.Text.Json;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// gzip input stays one stream; with threads to spare it is decompressed on a thread of its own, ahead of framing.
/// The answer is the one-thread split's, a damaged stream included.
/// </summary>
public sealed class GzipReadAheadTests
{
    private static readonly ObjectLocation s_input = new("in", "drop/orders.jsonl.gz");

    [Fact]
    public async Task A_gzip_split_with_read_ahead_is_the_one_thread_split()
    {
        byte[] gzip = GzipMember.Build(Lines(20_000));

        Assert.Equal(await SplitAsync(gzip, threads: 1), await SplitAsync(gzip, threads: 2));
    }

    [Fact]
    public async Task A_truncated_gzip_stream_is_the_same_structural_error_after_the_same_records()
    {
        byte[] whole = GzipMember.Build(Lines(20_000));
        byte[] truncated = whole[..(whole.Length * 2 / 3)];

        string one = await SplitAsync(truncated, threads: 1);
        Assert.Contains("structuralErrors", one);
        Assert.Equal(one, await SplitAsync(truncated, threads: 2));
    }

    [Fact]
    public async Task The_bytes_before_a_read_failure_come_first_then_the_failure()
    {
        byte[] content = Encoding.ASCII.GetBytes(new string('x', 3_000_000));
        await using var ahead = new ReadAheadStream(new FailingStream(content));
        var read = new MemoryStream();

        InputFormatException failed = await Assert.ThrowsAsync<InputFormatException>(() => ahead.CopyToAsync(read));

        Assert.Equal("broken here", failed.Message);
        Assert.Equal(content, read.ToArray());
    }

    private static byte[] Lines(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(i % 97 == 0 ? "{\"id\":\"x\"}\n" : $"{{\"id\":{i},\"name\":\"n{i}\"}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // Plan, rejects and report (but its clock) of a split of gzip data, as one text to compare.
    private static async Task<string> SplitAsync(byte[] gzip, int threads)
    {
        var store = new InMemoryObjectStore();
        store.Put(s_input, gzip);
        var format = new InputFormat(RecordFormat.JsonLines, (byte)',', InputCompression.Gzip);
        var request = new SplitRequest(s_input, TestSchemas.IdAndName, format, "work", new SplitOptions { ChunkRecords = 3_000, Threads = threads }, new GateOptions { MaxErrorRate = 1 })
        {
            StageChunks = false,
        };
        SplitResult result = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(request, CancellationToken.None);
        var layout = new RunLayout("work", result.Summary.RunId);
        ValidationReport report = result.Report with { StartedAt = DateTimeOffset.UnixEpoch, DurationSeconds = 0 };
        return Encoding.UTF8.GetString(store.Get(layout.Plan)) + Encoding.UTF8.GetString(store.Get(layout.Rejects))
            + JsonSerializer.Serialize(report, HybridBatchJson.Default.ValidationReport);
    }

    // Returns its content in uneven reads, then fails as a damaged gzip stream does.
    private sealed class FailingStream(byte[] content) : ReadOnlyStream
    {
        private int _at;

        public override int Read(Span<byte> buffer) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_at == content.Length)
            {
                throw new InputFormatException("broken here");
            }

            int count = Math.Min(Math.Min(buffer.Length, 70_001), content.Length - _at);
            content.AsSpan(_at, count).CopyTo(buffer.Span);
            _at += count;
            return ValueTask.FromResult(count);
        }
    }
}
