using HybridBatch.Adapters.Storage;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Tests.Storage;

public class TempFileChunkStagingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Stages_the_bytes_as_the_chunks_object_and_returns_its_version()
    {
        var store = new LocalObjectStore();
        var staging = new TempFileChunkStaging(store, new RunLayout(_folder.Path, "run-1"));
        Stream stream = staging.Open(3);
        stream.Write("line 1\nline 2\n"u8);

        (string key, string version) = await staging.CompleteAsync(3, stream, CancellationToken.None);

        Assert.Equal("runs/run-1/chunks/chunk-00003.data", key);
        ObjectInfo info = (await store.StatAsync(new ObjectLocation(_folder.Path, key), CancellationToken.None))!;
        Assert.Equal(info.Version, version);
        Assert.Equal("line 1\nline 2\n", await File.ReadAllTextAsync(LocalObjectStore.PathOf(info.Location)));
    }

    public void Dispose() => _folder.Dispose();
}
