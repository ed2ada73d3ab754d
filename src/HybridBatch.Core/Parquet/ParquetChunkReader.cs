using HybridBatch.Core.Processing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// A worker's read of one Parquet chunk: the footer and the chunk's own row groups, with ranged reads pinned to
/// the version the split saw, rendered as the JSON Lines the split validated. The footer must still describe the
/// row groups the plan has (same rows, same bytes), and the footer and the row groups' bytes must hash as the split's
/// did (<see cref="ChunkPlanEntry.ParquetFooterHash"/>, <see cref="ChunkPlanEntry.ContentHashes"/>), or the object
/// changed and the chunk fails.
/// </summary>
public static class ParquetChunkReader
{
    /// <summary>The chunk's rows as JSON Lines from <paramref name="offset"/> (bytes into that rendering) on.</summary>
    public static async Task<Stream> OpenAsync(IObjectStore store, ChunkPlan plan, ChunkPlanEntry chunk, long offset, CancellationToken cancellationToken)
    {
        if (chunk.FirstRowGroup is not int first || chunk.RowGroups is not int count)
        {
            throw new ChunkDataException(chunk.ChunkId, "the plan of a Parquet file names no row groups for this chunk");
        }

        var source = new ObjectByteSource(store, plan.Source, plan.SourceSize, plan.SourceVersion, [(chunk.ByteStart, chunk.ByteEnd)], proven: chunk);
        ParquetFile? file = null;
        try
        {
            await CheckFooterAsync(source, plan, chunk, cancellationToken).ConfigureAwait(false);
            file = await ParquetFile.OpenAsync(source, plan.Source.ToString(), cancellationToken).ConfigureAwait(false);
            Check(file, chunk, first, count);
            var lines = new ParquetChunkStream(source, file, new ParquetJsonLines(file, first, count, chunk.StartIndex));
            if (offset > 0)
            {
                // The rendering is deterministic: a checkpoint's offset is the same row boundary on every read.
                await lines.SkipAsync(offset, cancellationToken).ConfigureAwait(false);
            }

            return lines;
        }
        catch
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }

            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Fails the chunk as "object changed" when the footer differs from the one the split read, before it is parsed:
    /// a footer changed in place (a scale, a unit, a column name) would render other rows from the same row groups.
    /// </summary>
    private static async Task CheckFooterAsync(ObjectByteSource source, ChunkPlan plan, ChunkPlanEntry chunk, CancellationToken cancellationToken)
    {
        if (chunk.ParquetFooterHash is not { } expected)
        {
            return;
        }

        string actual = await ParquetFile.HashFooterAsync(source, plan.Source.ToString(), cancellationToken).ConfigureAwait(false);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw ObjectChangedException.ContentDiffers(plan.Source, plan.SourceVersion,
                $"the Parquet footer (read for chunk {chunk.ChunkId}) hashes to {actual}, the split's to {expected}");
        }
    }

    private static void Check(ParquetFile file, ChunkPlanEntry chunk, int first, int count)
    {
        if (first < 0 || count < 1 || first + count > file.RowGroups.Count)
        {
            throw new ChunkDataException(chunk.ChunkId, $"the plan names row groups [{first}, {first + count}) but the file has {file.RowGroups.Count}; the object changed since the split");
        }

        long rows = 0;
        for (int g = first; g < first + count; g++)
        {
            rows += file.RowGroups[g].Rows;
        }

        if (rows != chunk.Records || file.RowGroups[first].ByteStart != chunk.ByteStart || file.RowGroups[first + count - 1].ByteEnd != chunk.ByteEnd)
        {
            throw new ChunkDataException(chunk.ChunkId,
                $"row groups [{first}, {first + count}) hold {rows} rows in bytes [{file.RowGroups[first].ByteStart}, {file.RowGroups[first + count - 1].ByteEnd}), " +
                $"the plan says {chunk.Records} in [{chunk.ByteStart}, {chunk.ByteEnd}); the object changed since the split");
        }
    }
}
