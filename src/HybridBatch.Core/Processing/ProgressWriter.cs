using System.Text.Json;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Processing;

/// <summary>Writes a chunk's progress object at most once per interval, between batches.</summary>
internal sealed class ProgressWriter
{
    private readonly IObjectStore _store;
    private readonly RunLayout _layout;
    private readonly ProcessChunkRequest _request;
    private readonly ChunkPlanEntry _chunk;
    private readonly TimeProvider _time;
    private readonly long _startTicks;
    private long _lastWriteTicks;

    public ProgressWriter(IObjectStore store, RunLayout layout, ProcessChunkRequest request, ChunkPlanEntry chunk, TimeProvider time)
    {
        _store = store;
        _layout = layout;
        _request = request;
        _chunk = chunk;
        _time = time;
        _startTicks = _lastWriteTicks = time.GetTimestamp();
    }

    public async ValueTask OnPublishedAsync(long published, CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(_lastWriteTicks) < _request.ProgressInterval)
        {
            return;
        }

        _lastWriteTicks = _time.GetTimestamp();
        double seconds = Math.Max(_time.GetElapsedTime(_startTicks).TotalSeconds, 1e-3);
        var progress = new ChunkProgress(_request.RunId, _chunk.ChunkId, published, _chunk.Records, published / seconds, _time.GetUtcNow(), _request.Worker);
        await _store.WriteAsync(_layout.Progress(_chunk.ChunkId), JsonSerializer.SerializeToUtf8Bytes(progress, HybridBatchJson.Default.ChunkProgress), cancellationToken).ConfigureAwait(false);
    }
}
