namespace HybridBatch.Core.Splitting;

/// <summary>
/// What the parallel split's pass found in one range (<see cref="PiecePass"/>): how many records it holds and where every
/// <see cref="CheckpointEvery"/>-th of them starts, with indices counted from 0 at the range's first record and lines
/// as the range's <see cref="SplitRange.FirstLine"/> numbers them (<see cref="FramedInput"/> makes both global).
/// </summary>
internal sealed class RangeOutcome
{
    /// <summary>
    /// A record's offset and line is kept every this many records (a chunk or a piece can start at any record, but its
    /// start is found again by framing at most this many from the nearest kept one): memory stays at 16 bytes per
    /// 1,024 records (about 1 MB for 60 million) instead of an offset per record.
    /// </summary>
    public const int CheckpointEvery = 1024;

    public RangeOutcome(SplitRange range)
    {
        Range = range;
        End = range.Start;
        EndLine = range.FirstLine;
    }

    public SplitRange Range { get; }

    public long Records { get; set; }

    /// <summary>Offset and line of records 0, <see cref="CheckpointEvery"/>, 2 × <see cref="CheckpointEvery"/>, …</summary>
    public List<(long Offset, long Line)> Checkpoints { get; } = [];

    /// <summary>Where framing stopped: the range's end, or where the input became unreadable.</summary>
    public long End { get; set; }

    /// <summary>The scanner's line number at <see cref="End"/>.</summary>
    public long EndLine { get; set; }

    /// <summary>Why the input cannot be read on from here (the one-thread split then answers), or null.</summary>
    public string? StructuralError { get; set; }
}
