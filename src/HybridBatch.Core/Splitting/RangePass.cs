using HybridBatch.Core.Records;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The framing pass of the parallel split, one range per thread: frames the range from the record boundary it starts
/// at (the scanner is deterministic from any boundary), counting records and keeping a checkpoint every
/// <see cref="RangeOutcome.CheckpointEvery"/>; validates nothing. From the counts the split knows where every chunk
/// starts before any record is validated, so the validation pass can hash each chunk as it reads it. JSON Lines
/// ranges are framed by counting line feeds (<see cref="JsonLinesFraming"/>, several times cheaper than the scanner,
/// same outcome); where that gives up, and for CSV, the scanner frames the range.
/// </summary>
internal static class RangePass
{
    public static async Task<RangeOutcome> FrameAsync(RangeReader read, SplitRange range, InputFormat format, SplitOptions options, CancellationToken cancellationToken)
    {
        if (format.Format == RecordFormat.JsonLines)
        {
            await using Stream lines = await read(range.Start, range.End, cancellationToken).ConfigureAwait(false);
            if (await JsonLinesFraming.FrameAsync(lines, range, options.Scanner, cancellationToken).ConfigureAwait(false) is { } counted)
            {
                return counted;
            }
        }

        await using Stream input = await read(range.Start, range.End, cancellationToken).ConfigureAwait(false);
        return await ScanAsync(input, range, format, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The framing pass by the scanner, the reference for <see cref="JsonLinesFraming"/>.</summary>
    public static async Task<RangeOutcome> ScanAsync(Stream input, SplitRange range, InputFormat format, SplitOptions options, CancellationToken cancellationToken)
    {
        var outcome = new RangeOutcome(range);
        using var scanner = new RecordScanner(input, format.Format, format.Delimiter, options.Scanner, range.Start, range.FirstLine);
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                Count(scanner, outcome);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (InputFormatException unreadable)
        {
            outcome.StructuralError = unreadable.Message;
        }

        outcome.End = scanner.Position;
        outcome.EndLine = scanner.Line;
        return outcome;
    }

    private static void Count(RecordScanner scanner, RangeOutcome outcome)
    {
        while (scanner.TryRead(out RawRecord record))
        {
            if (record.Index % RangeOutcome.CheckpointEvery == 0)
            {
                outcome.Checkpoints.Add((record.ByteOffset, record.Line));
            }

            outcome.Records++;
        }
    }
}
