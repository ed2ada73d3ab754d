using System.Text;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Tests.Storage;

public class LocalObjectStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LocalObjectStore _store = new();

    [Fact]
    public async Task Reads_exactly_the_requested_range()
    {
        var location = new ObjectLocation(_folder.Path, "data/file.txt");
        await _store.WriteAsync(location, "0123456789"u8.ToArray(), CancellationToken.None);
        ObjectInfo info = (await _store.StatAsync(location, CancellationToken.None))!;

        await using Stream range = await _store.OpenReadAsync(location, 3, 7, info.Version, CancellationToken.None);

        Assert.Equal("3456", await new StreamReader(range).ReadToEndAsync());
        Assert.Equal(10, info.Size);
    }

    [Fact]
    public async Task A_file_changed_after_its_version_was_taken_fails_with_object_changed()
    {
        var location = new ObjectLocation(_folder.Path, "in.jsonl");
        await _store.WriteAsync(location, "{\"a\":1}\n"u8.ToArray(), CancellationToken.None);
        ObjectInfo before = (await _store.StatAsync(location, CancellationToken.None))!;
        await File.WriteAllTextAsync(_folder.File("in.jsonl"), "{\"a\":2}\n{\"a\":3}\n");

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => _store.OpenReadAsync(location, 0, 4, before.Version, CancellationToken.None));

        Assert.Equal(before.Version, error.ExpectedVersion);
        Assert.StartsWith("object changed", error.Message);
    }

    [Fact]
    public async Task A_deleted_file_fails_a_pinned_read_with_object_changed()
    {
        var location = new ObjectLocation(_folder.Path, "gone.jsonl");
        await _store.WriteAsync(location, "x\n"u8.ToArray(), CancellationToken.None);
        ObjectInfo before = (await _store.StatAsync(location, CancellationToken.None))!;
        File.Delete(_folder.File("gone.jsonl"));

        await Assert.ThrowsAsync<ObjectChangedException>(() => _store.OpenReadAsync(location, 0, 1, before.Version, CancellationToken.None));
    }

    [Fact]
    public async Task Range_past_the_end_is_refused()
    {
        var location = new ObjectLocation(_folder.Path, "short.txt");
        await _store.WriteAsync(location, "abc"u8.ToArray(), CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.OpenReadAsync(location, 0, 10, null, CancellationToken.None));
    }

    [Fact]
    public void Keys_cannot_leave_their_bucket()
    {
        Assert.Throws<ArgumentException>(() => LocalObjectStore.PathOf(new ObjectLocation(_folder.Path, "../escape.txt")));
    }

    [Fact]
    public async Task Written_objects_appear_only_when_the_stream_is_disposed()
    {
        var location = new ObjectLocation(_folder.Path, "runs/r/plan.json");
        Stream writing = await _store.OpenWriteAsync(location, CancellationToken.None);
        await writing.WriteAsync(Encoding.UTF8.GetBytes("{}"));

        Assert.Null(await _store.StatAsync(location, CancellationToken.None));
        Assert.Empty(await _store.ListAsync(_folder.Path, "runs/", CancellationToken.None));
        await writing.DisposeAsync();
        Assert.Equal(2, (await _store.StatAsync(location, CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Lists_keys_under_a_prefix_in_order()
    {
        foreach (string key in new[] { "runs/a/results/chunk-00002.json", "runs/a/results/chunk-00000.json", "runs/a/plan.json", "runs/b/x" })
        {
            await _store.WriteAsync(new ObjectLocation(_folder.Path, key), "1"u8.ToArray(), CancellationToken.None);
        }

        IReadOnlyList<string> keys = await _store.ListAsync(_folder.Path, "runs/a/results/", CancellationToken.None);

        Assert.Equal(["runs/a/results/chunk-00000.json", "runs/a/results/chunk-00002.json"], keys);
        Assert.Empty(await _store.ListAsync(_folder.Path, "nothing/here/", CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();
}
