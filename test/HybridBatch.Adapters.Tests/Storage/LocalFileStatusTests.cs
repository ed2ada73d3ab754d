using System.Diagnostics;
using System.Runtime.Versioning;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Tests.Storage;

/// <summary>
/// What <c>statx(2)</c> tells of a path, against files the kernel itself makes: the input checks and the local
/// object store trust it to refuse a pipe before opening it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LocalFileStatusTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Each_kind_of_path_is_told_apart()
    {
        string file = _folder.File("file.jsonl");
        File.WriteAllText(file, "{}\n");
        string link = _folder.File("link.jsonl");
        File.CreateSymbolicLink(link, _folder.File("gone.jsonl"));
        string fifo = MakeFifo("pipe.jsonl");

        Assert.Equal((LocalFileKind.Regular, 3L), LocalFileStatus.Of(file));
        Assert.Equal(LocalFileKind.Directory, LocalFileStatus.Of(_folder.Path).Kind);
        Assert.Equal(LocalFileKind.Fifo, LocalFileStatus.Of(fifo).Kind);
        Assert.Equal(LocalFileKind.CharacterDevice, LocalFileStatus.Of("/dev/null").Kind);
        Assert.Equal((LocalFileKind.Regular, 0L), LocalFileStatus.Of("/proc/self/status"));
        Assert.Equal(LocalFileKind.Missing, LocalFileStatus.Of(link).Kind);
        Assert.Equal(LocalFileKind.SymbolicLink, LocalFileStatus.Of(link, followLinks: false).Kind);
        Assert.Equal(LocalFileKind.Missing, LocalFileStatus.Of(_folder.File("nothing")).Kind);
    }

    [Fact]
    public async Task The_store_refuses_a_pipe_it_is_asked_to_read_instead_of_blocking()
    {
        MakeFifo("pipe.jsonl");
        var store = new LocalObjectStore();

        // Without the check the open would wait for a writer forever; the limit makes that a failure.
        LocalPathException refused = await Assert.ThrowsAsync<LocalPathException>(() =>
            store.OpenReadAsync(new ObjectLocation(_folder.Path, "pipe.jsonl"), 0, 0, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith($"{_folder.File("pipe.jsonl")} is a named pipe (FIFO), not a regular file", refused.Message);
    }

    private string MakeFifo(string name)
    {
        string path = _folder.File(name);
        using Process mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
