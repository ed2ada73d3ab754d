using HybridBatch.Core.Records;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The input as the parallel split's pieces framed it (<see cref="PiecePass"/>): their record counts made into global
/// indices and lines, and where any record starts (a chunk's first), found from the nearest checkpoint by framing at
/// most <see cref="RangeOutcome.CheckpointEvery"/> records of what its reader gives (<see cref="VerifiedBlocks"/>: the
/// bytes the pieces validated).
/// </summary>
internal sealed class FramedInput
{
    private readonly RangeReader _read;
    private readonly InputFormat _format;
    private readonly SplitOptions _options;
    private readonly RangeOutcome[] _ranges;
    private readonly long[] _firstIndex;
    private readonly long[] _lineShift;

    /// <remarks><paramref name="ranges"/>: the pieces' ranges as framed, in input order, none with a structural error.</remarks>
    public FramedInput(RangeReader read, InputFormat format, SplitOptions options, RangeOutcome[] ranges)
    {
        _read = read;
        _format = format;
        _options = options;
        _ranges = ranges;
        _firstIndex = new long[ranges.Length];
        _lineShift = new long[ranges.Length];
        long index = 0;
        long line = ranges[0].Range.FirstLine;
        for (int i = 0; i < ranges.Length; i++)
        {
            // JSON Lines ranges number their lines from 1; CSV ones from their true line, so their shift is 0.
            _firstIndex[i] = index;
            _lineShift[i] = line - ranges[i].Range.FirstLine;
            index += ranges[i].Records;
            line += ranges[i].EndLine - ranges[i].Range.FirstLine;
        }

        Records = index;
        End = ranges[^1].End;
    }

    /// <summary>Records in the input (after a CSV header).</summary>
    public long Records { get; }

    /// <summary>Where framing ended: the end of the input, trailing blank lines included.</summary>
    public long End { get; }

    /// <summary>Where record <paramref name="index"/> (0 ≤ index &lt; <see cref="Records"/>) starts.</summary>
    public async Task<RecordStart> RecordAsync(long index, CancellationToken cancellationToken)
    {
        for (int i = 0; i < _ranges.Length; i++)
        {
            long relative = index - _firstIndex[i];
            if (relative < _ranges[i].Records)
            {
                return await FrameToAsync(i, (int)(relative / RangeOutcome.CheckpointEvery), new Target(relative, long.MaxValue), cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"the parallel split could not find record {index} again in its range at byte offset {_ranges[i].Range.Start}");
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"the input has {Records} records");
    }

    /// <summary>The global index and line of a record that range <paramref name="range"/> numbers <paramref name="index"/> on <paramref name="line"/>.</summary>
    public (long Index, long Line) Global(int range, long index, long line) => (_firstIndex[range] + index, line + _lineShift[range]);

    // Frames range `range` from checkpoint `checkpoint` up to the first record the target names.
    private async Task<RecordStart?> FrameToAsync(int range, int checkpoint, Target target, CancellationToken cancellationToken)
    {
        RangeOutcome outcome = _ranges[range];
        (long offset, long line) = outcome.Checkpoints[checkpoint];
        long first = (long)checkpoint * RangeOutcome.CheckpointEvery;
        if (target.IsMet(first, offset))
        {
            return Global(range, first, offset, line);
        }

        await using Stream input = await _read(offset, outcome.Range.End, cancellationToken).ConfigureAwait(false);
        using var scanner = new RecordScanner(input, _format.Format, _format.Delimiter, LookupScanner, offset, line, first);
        while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Find(scanner, target) is { } found)
            {
                return Global(range, found.Index, found.Offset, found.Line);
            }
        }

        return null;
    }

    // A lookup frames at most CheckpointEvery records (a few hundred KB of ~200-byte records), so it reads in small
    // steps: at the split's read size every chunk start would copy a whole MiB to use a fraction of it.
    // Framing does not depend on the read size (SplitterPropertyTests and ParallelSplitPropertyTests frame at random ones).
    private RecordScannerOptions LookupScanner => _options.Scanner with { ReadSize = Math.Min(_options.Scanner.ReadSize, LookupReadSize) };

    private const int LookupReadSize = 64 * 1024;

    private static RecordStart? Find(RecordScanner scanner, Target target)
    {
        while (scanner.TryRead(out RawRecord record))
        {
            if (target.IsMet(record.Index, record.ByteOffset))
            {
                return new RecordStart(record.Index, record.ByteOffset, record.Line);
            }
        }

        return null;
    }

    private RecordStart Global(int range, long index, long offset, long line) =>
        new(_firstIndex[range] + index, offset, line + _lineShift[range]);

    // The first record whose range-relative index reaches Index or whose offset reaches Offset.
    private readonly record struct Target(long Index, long Offset)
    {
        public bool IsMet(long index, long offset) => index >= Index || offset >= Offset;
    }
}
