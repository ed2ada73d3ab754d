using System.Collections.Concurrent;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// The last parts of a run's finished chunks. A chunk's last part is committed as its sink ends, before its pages are on
/// disk, so no window of that sink can release them; the next window of any sink of the run does
/// (<see cref="WrittenPageRelease"/>). Shared by the sinks of one <see cref="LocalSinkFactory"/>, so thread-safe.
/// </summary>
internal sealed class LeftBehindParts
{
    private readonly ConcurrentQueue<string> _paths = new();

    public void Add(string path) => _paths.Enqueue(path);

    public void ReleaseAll()
    {
        while (_paths.TryDequeue(out string? path))
        {
            WrittenPageRelease.ReleaseAt(path);
        }
    }
}
