namespace HybridBatch.Core.Splitting;

/// <summary>Opens bytes [<paramref name="start"/>, <paramref name="end"/>) of the input being split.</summary>
internal delegate Task<Stream> RangeReader(long start, long end, CancellationToken cancellationToken);
