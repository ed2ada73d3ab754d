using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>The split with a size limit: too large means "run me as a Batch job", without reading a byte.</summary>
public sealed class BoundedSplitTests
{
    private static readonly ObjectLocation s_input = new("in", "drop/orders.jsonl");
    private readonly InMemoryObjectStore _store = new();

    [Fact]
    public async Task An_object_within_the_limit_is_split_and_says_its_size()
    {
        byte[] data = Lines(5);
        _store.Put(s_input, data);

        BoundedSplitResult result = await Bounded(maxBytes: data.Length).ExecuteAsync(Request(), CancellationToken.None);

        Assert.False(result.NeedsBatchValidation);
        Assert.True(result.Summary.GatePassed);
        Assert.Equal(5, result.Summary.TotalRecords);
        Assert.Equal(data.Length, result.Summary.SourceBytes);
        Assert.NotNull(await _store.StatAsync(new RunLayout("work", result.Summary.RunId).Plan, CancellationToken.None));
    }

    [Fact]
    public async Task An_object_over_the_limit_is_not_read_and_gets_the_run_id_and_keys_the_batch_job_will_write()
    {
        byte[] data = Lines(5);
        _store.Put(s_input, data);
        BoundedSplitResult within = await Bounded(maxBytes: data.Length).ExecuteAsync(Request(), CancellationToken.None);
        var untouched = new InMemoryObjectStore();
        untouched.Put(s_input, data);
        var reads = new CountingStore(untouched);

        BoundedSplitResult result = await new BoundedSplit(reads, new SplitRun(reads, null, TimeProvider.System), data.Length - 1).ExecuteAsync(Request(), CancellationToken.None);

        Assert.True(result.NeedsBatchValidation);
        Assert.Equal(0, reads.Reads);
        Assert.Equal(0, reads.Writes);
        Assert.Equal(within.Summary.RunId, result.Summary.RunId);
        Assert.Equal(within.Summary.PlanKey, result.Summary.PlanKey);
        Assert.Equal(within.Summary.ChunkItemsKey, result.Summary.ChunkItemsKey);
        Assert.Equal(data.Length, result.Summary.SourceBytes);
        Assert.False(result.Summary.GatePassed);
        Assert.Contains("Batch", Assert.Single(result.Summary.GateReasons));
        Assert.Equal(0, result.Summary.TotalRecords);
    }

    [Fact]
    public async Task An_object_that_is_no_longer_the_expected_version_fails_before_anything_is_written()
    {
        _store.Put(s_input, Lines(5));
        string seen = (await _store.StatAsync(s_input, CancellationToken.None))!.Version;
        _store.Put(s_input, Lines(6));

        ObjectChangedException error = await Assert.ThrowsAsync<ObjectChangedException>(
            () => Bounded(maxBytes: 1 << 20).ExecuteAsync(Request() with { ExpectedVersion = seen }, CancellationToken.None));

        Assert.Equal(seen, error.ExpectedVersion);
        Assert.Empty(await _store.ListAsync("work", "runs/", CancellationToken.None));
    }

    [Fact]
    public async Task The_split_itself_checks_the_expected_version_too()
    {
        _store.Put(s_input, Lines(5));

        await Assert.ThrowsAsync<ObjectChangedException>(() => new SplitRun(_store, null, TimeProvider.System)
            .ExecuteAsync(Request() with { ExpectedVersion = "v-old" }, CancellationToken.None));
    }

    private BoundedSplit Bounded(long maxBytes) => new(_store, new SplitRun(_store, null, TimeProvider.System), maxBytes);

    private static SplitRequest Request() =>
        new(s_input, TestSchemas.IdAndName, InputFormat.JsonLines, "work", new SplitOptions { ChunkRecords = 2 }, new GateOptions());

    private static byte[] Lines(int count) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"id\":{i}}}\n")));

    /// <summary>Passes stats through and counts every read and write.</summary>
    private sealed class CountingStore(IObjectStore inner) : IObjectStore
    {
        public int Reads { get; private set; }

        public int Writes { get; private set; }

        public Task<ObjectInfo?> StatAsync(ObjectLocation location, CancellationToken cancellationToken) => inner.StatAsync(location, cancellationToken);

        public Task<Stream> OpenReadAsync(ObjectLocation location, long start, long end, string? expectedVersion, CancellationToken cancellationToken)
        {
            Reads++;
            return inner.OpenReadAsync(location, start, end, expectedVersion, cancellationToken);
        }

        public Task<Stream> OpenWriteAsync(ObjectLocation location, CancellationToken cancellationToken)
        {
            Writes++;
            return inner.OpenWriteAsync(location, cancellationToken);
        }

        public Task WriteAsync(ObjectLocation location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Writes++;
            return inner.WriteAsync(location, content, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) => inner.ListAsync(bucket, prefix, cancellationToken);
    }
}
