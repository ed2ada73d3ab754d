using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridBatch.Core;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Shows a local run's progress: one line rewritten in place on a terminal, a plain line every few seconds
/// otherwise. Running chunks are read from the progress objects the workers write.
/// </summary>
internal sealed class ProgressDisplay
{
    private readonly TextWriter _log;
    private readonly bool _interactive;
    private readonly IObjectStore _store;
    private readonly RunLayout _layout;
    private readonly IReadOnlyList<ChunkWork> _chunks;

    public ProgressDisplay(TextWriter log, bool interactive, IObjectStore store, RunLayout layout, IReadOnlyList<ChunkWork> chunks)
    {
        _log = log;
        _interactive = interactive;
        _store = store;
        _layout = layout;
        _chunks = chunks;
    }

    public async Task ShowUntilAsync(Task work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan interval = _interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(3);
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(interval, cancellationToken)).ConfigureAwait(false);
            string line = await RenderAsync(clock.Elapsed, cancellationToken).ConfigureAwait(false);
            if (_interactive)
            {
                _log.Write($"\r{line}   ");
            }
            else if (!work.IsCompleted)
            {
                _log.WriteLine(line);
            }
        }

        if (_interactive)
        {
            _log.WriteLine();
        }
    }

    private async Task<string> RenderAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        long published = 0;
        foreach (ChunkWork chunk in _chunks)
        {
            published += chunk.Done ? Interlocked.Read(ref chunk.Published) : await RunningCountAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        string Route(Route route) =>
            $"{_chunks.Count(c => c.Decision.Route == route && c.Done)}/{_chunks.Count(c => c.Decision.Route == route)}";
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        return string.Create(CultureInfo.InvariantCulture,
            $"  {elapsed.TotalSeconds,6:F1} s  published {published,12:N0}  {published / seconds,10:N0} records/s  chunks done: lambda {Route(Core.Routing.Route.Lambda)}, batch {Route(Core.Routing.Route.Batch)}");
    }

    private async Task<long> RunningCountAsync(ChunkWork chunk, CancellationToken cancellationToken)
    {
        try
        {
            byte[] json = await _store.ReadAllAsync(_layout.Progress(chunk.Chunk.ChunkId), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkProgress)?.Published ?? 0;
        }
        catch (FileNotFoundException)
        {
            return 0; // Not started yet.
        }
    }
}
