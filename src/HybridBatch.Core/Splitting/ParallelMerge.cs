using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Puts the ranges of the parallel split back together as one pass over the whole input would have seen them:
/// global record indices and lines, a chunk every <see cref="SplitOptions.ChunkRecords"/> records (made by
/// <see cref="ChunkFacts"/>, as in one thread), the rejects written in input order through one
/// <see cref="RejectWriter"/> (so its first errors and reason counts are the one-thread split's), and nothing past
/// the first range whose input became unreadable (the one-thread split stops there too).
/// </summary>
internal sealed class ParallelMerge
{
    private readonly RangeReader _read;
    private readonly InputFormat _format;
    private readonly SplitOptions _options;
    private readonly RangeOutcome[] _ranges;
    private readonly RejectWriter _rejects;
    private readonly List<(ChunkFacts Facts, long ByteEnd)> _closed = [];
    private ChunkFacts? _open;

    public ParallelMerge(RangeReader read, InputFormat format, SplitOptions options, RangeOutcome[] ranges, RejectWriter rejects)
    {
        _read = read;
        _format = format;
        _options = options;
        _ranges = ranges;
        _rejects = rejects;
    }

    public async Task<SplitOutcome> MergeAsync(IReadOnlyList<string>? header, CancellationToken cancellationToken)
    {
        var structural = new List<string>();
        long before = 0;
        long valid = 0;
        long line = _ranges[0].Range.FirstLine;
        long end = _ranges[0].Range.Start;
        for (int i = 0; i < _ranges.Length; i++)
        {
            RangeOutcome range = _ranges[i];
            long shift = line - range.Range.FirstLine;
            long next = 0;
            foreach ((RejectedRecord rejected, bool timedOut) in range.Rejects.ReadAll())
            {
                await AddValidAsync(i, before, next, rejected.Index - next, shift, cancellationToken).ConfigureAwait(false);
                await MakeRoomAsync(i, before, rejected.Index, shift, cancellationToken).ConfigureAwait(false);
                _open!.AddRejected(timedOut);
                RejectedRecord global = rejected with { Index = before + rejected.Index, Line = rejected.Line + shift };
                _rejects.Write(global, new ValidationError(rejected.Field, rejected.Reason).ToString());
                next = rejected.Index + 1;
            }

            await AddValidAsync(i, before, next, range.Records - next, shift, cancellationToken).ConfigureAwait(false);
            before += range.Records;
            valid += range.Valid;
            line += range.EndLine - range.Range.FirstLine;
            end = range.End;
            if (range.StructuralError is string unreadable)
            {
                structural.Add(unreadable);
                break;
            }
        }

        if (_open is not null)
        {
            _closed.Add((_open, end));
        }

        IReadOnlyList<ChunkPlanEntry> chunks = await HashChunksAsync(cancellationToken).ConfigureAwait(false);
        return SplitOutcome.Of(chunks, header, before, valid, end, structural, _rejects);
    }

    // The ranges did not know where chunks would start, so each chunk's bytes are read again, in order, for its hashes
    // (ChunkContentHash): from the page cache for a local file, by one more ranged GET per chunk for S3. XxHash3 runs
    // at several GB/s per core, a small share of the split's time; chunks are hashed on the split's threads.
    private async Task<IReadOnlyList<ChunkPlanEntry>> HashChunksAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_closed, parallel, async (chunk, token) =>
        {
            await using Stream bytes = await _read(chunk.Facts.ByteStart, chunk.ByteEnd, token).ConfigureAwait(false);
            await chunk.Facts.AppendAllAsync(bytes, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return _closed.Select(chunk => chunk.Facts.Close(chunk.ByteEnd)).ToList();
    }

    // Adds `count` valid records of range `range`, the first with index `from` there, cutting chunks where they fill.
    private async Task AddValidAsync(int range, long before, long from, long count, long shift, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            await MakeRoomAsync(range, before, from, shift, cancellationToken).ConfigureAwait(false);
            long added = Math.Min(count, _options.ChunkRecords - _open!.Records);
            _open.AddValid(added);
            from += added;
            count -= added;
        }
    }

    // When no chunk is open or the open one is full, record `index` of range `range` starts the next chunk.
    private async Task MakeRoomAsync(int range, long before, long index, long shift, CancellationToken cancellationToken)
    {
        if (_open is not null && _open.Records < _options.ChunkRecords)
        {
            return;
        }

        (long offset, long line) = await LocateAsync(_ranges[range], index, cancellationToken).ConfigureAwait(false);
        if (_open is not null)
        {
            _closed.Add((_open, offset));
        }

        _open = new ChunkFacts(_closed.Count, before + index, offset, line + shift);
    }

    // Offset and line of record `index` of a range: the nearest checkpoint at or before it, then framing forward.
    private async Task<(long Offset, long Line)> LocateAsync(RangeOutcome range, long index, CancellationToken cancellationToken)
    {
        int checkpoint = (int)(index / RangeOutcome.CheckpointEvery);
        (long offset, long line) = range.Checkpoints[checkpoint];
        long first = (long)checkpoint * RangeOutcome.CheckpointEvery;
        if (first == index)
        {
            return (offset, line);
        }

        await using Stream input = await _read(offset, range.Range.End, cancellationToken).ConfigureAwait(false);
        using var scanner = new RecordScanner(input, _format.Format, _format.Delimiter, _options.Scanner, offset, line, first);
        while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Find(scanner, index) is { } found)
            {
                return found;
            }
        }

        throw new InvalidOperationException($"the parallel split could not find record {index} of its range at byte offset {range.Range.Start} again");
    }

    private static (long Offset, long Line)? Find(RecordScanner scanner, long index)
    {
        while (scanner.TryRead(out RawRecord record))
        {
            if (record.Index == index)
            {
                return (record.ByteOffset, record.Line);
            }
        }

        return null;
    }
}
