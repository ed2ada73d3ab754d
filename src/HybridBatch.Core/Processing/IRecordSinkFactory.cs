namespace HybridBatch.Core.Processing;

/// <summary>Creates the sink for one chunk (one per chunk, so a chunk's delivery can be committed as a unit).</summary>
public interface IRecordSinkFactory
{
    /// <summary>The destination's name as in <c>RECORD_DESTINATION</c> / <c>--destination</c>.</summary>
    string Destination { get; }

    ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken);
}
