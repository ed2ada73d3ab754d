using System.Text.Json;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Processing;

/// <summary>
/// Writes a chunk's progress object: at most once per interval between batches, for pollers, and right after each
/// step commits, with that step's checkpoint, for a retry to resume from. Every write carries the last committed
/// checkpoint, so an interval write never takes it back.
/// </summary>
internal sealed class ProgressWriter : IStepObserver
{
    private readonly IObjectStore _store;
    private readonly RunLayout _layout;
    private readonly ProcessChunkRequest _request;
    private readonly ChunkPlanEntry _chunk;
    private readonly CrashPoint? _crashAt;
    private readonly TimeProvider _time;
    private readonly ILog _log;
    private readonly long _startTicks;
    private readonly long _publishedBefore;
    private long _lastWriteTicks;
    private ChunkCheckpoint? _committed;
    private bool _firstStepSeen;

    public ProgressWriter(IObjectStore store, RunLayout layout, ProcessChunkRequest request, ChunkPlanEntry chunk, ChunkCheckpoint? resumedFrom, CrashPoint? crashAt, TimeProvider time, ILog log)
    {
        _log = log;
        _store = store;
        _layout = layout;
        _request = request;
        _chunk = chunk;
        _committed = resumedFrom;
        _publishedBefore = resumedFrom?.Published ?? 0;
        _crashAt = crashAt;
        _time = time;
        _startTicks = _lastWriteTicks = time.GetTimestamp();
    }

    public async ValueTask OnBatchPublishedAsync(long published, CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(_lastWriteTicks) < _request.ProgressInterval)
        {
            return;
        }

        await WriteAsync(published, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnStepCommittedAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)
    {
        _committed = reached;
        byte[] prepared = Serialize(reached.Published);
        if (!_firstStepSeen)
        {
            _firstStepSeen = true;
            _crashAt?.FireAt(CrashPointKind.BeforeCheckpoint, _request.Attempt);
        }

        await _store.WriteAsync(_layout.Progress(_chunk.ChunkId), prepared, cancellationToken).ConfigureAwait(false);
        _lastWriteTicks = _time.GetTimestamp();
        _log.Info("Chunk {ChunkId} committed a step up to record {NextIndex} with {Published} published", _chunk.ChunkId, reached.NextIndex, reached.Published);
    }

    private async ValueTask WriteAsync(long published, CancellationToken cancellationToken)
    {
        byte[] json = Serialize(published);
        await _store.WriteAsync(_layout.Progress(_chunk.ChunkId), json, cancellationToken).ConfigureAwait(false);
        _lastWriteTicks = _time.GetTimestamp();
    }

    private byte[] Serialize(long published)
    {
        // The rate of this attempt: what a resumed attempt carried over was not published in its time.
        double seconds = Math.Max(_time.GetElapsedTime(_startTicks).TotalSeconds, 1e-3);
        var progress = new ChunkProgress(_request.RunId, _chunk.ChunkId, published, _chunk.Records, (published - _publishedBefore) / seconds, _time.GetUtcNow(), _request.Worker)
        {
            Checkpoint = _committed,
        };
        return MinimalJsonEncoder.SerializeToUtf8Bytes(progress, HybridBatchJson.Default.ChunkProgress);
    }
}
