using System.Buffers;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Cuts the data of an input into ranges that start at record boundaries, for the parallel split: nominal cuts (block
/// edges, <see cref="PiecePlan"/>), each moved forward to the next record boundary (a cut with no boundary before the
/// next cut leaves an empty range). JSON Lines records end at every line feed; CSV ones at line feeds outside quoted fields,
/// found by <see cref="CsvQuoteWalk"/>.
/// </summary>
internal static class RangeBoundaries
{
    private const int ReadBytes = 1 << 20;

    // A JSON Lines cut needs the next line feed, most often a few hundred bytes on: with a cut every few blocks, a
    // mebibyte per cut would read more than the records the cuts fall in.
    private const int SearchReadBytes = 64 * 1024;

    /// <summary>
    /// Ranges covering [<paramref name="cuts"/>[0], <paramref name="cuts"/>[^1]), one per pair of consecutive cuts,
    /// whose first record starts on line <paramref name="dataLine"/>: the first range starts at the first cut (the
    /// data's start, a record boundary), every other one at the first record boundary at or after its cut.
    /// </summary>
    public static async Task<SplitRange[]> FindAsync(RangeReader read, InputFormat format, long[] cuts, long dataLine, CancellationToken cancellationToken) =>
        format.Format == RecordFormat.Csv
            ? await CsvAsync(read, format.Delimiter, cuts, dataLine, cancellationToken).ConfigureAwait(false)
            : await JsonLinesAsync(read, cuts, dataLine, cancellationToken).ConfigureAwait(false);

    private static async Task<SplitRange[]> JsonLinesAsync(RangeReader read, long[] cuts, long dataLine, CancellationToken cancellationToken)
    {
        int count = cuts.Length - 1;
        long[] starts = new long[count + 1];
        starts[0] = cuts[0];
        starts[count] = cuts[count];
        await ParallelWork.ForEachAsync(count - 1, async (at, token) =>
        {
            int i = at + 1;
            long from = cuts[i] - 1;

            // A bounded read first: the line feed is nearly always within a record of the cut, and a ranged GET of the
            // whole range that is closed after its first bytes costs an S3 reader its connection.
            long near = Math.Min(cuts[i + 1], from + SearchReadBytes);
            starts[i] = await LineStartAsync(read, from, near, token).ConfigureAwait(false)
                ?? (near < cuts[i + 1] ? await LineStartAsync(read, near, cuts[i + 1], token).ConfigureAwait(false) : null)
                ?? -1;
        }, cancellationToken).ConfigureAwait(false);

        // Line numbers of JSON Lines ranges are made global by the merge (SplitRange.FirstLine).
        return Ranges(starts, lines: null, dataLine);
    }

    // Where the first line after the first line feed in [from, to) starts, or null when there is none.
    private static async Task<long?> LineStartAsync(RangeReader read, long from, long to, CancellationToken cancellationToken)
    {
        long? start = null;
        await using Stream input = await read(from, to, cancellationToken).ConfigureAwait(false);
        await ReadAsync(input, SearchReadBytes, (bytes, offset) =>
        {
            int found = bytes.IndexOf((byte)'\n');
            if (found < 0)
            {
                return false;
            }

            start = from + offset + found + 1;
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return start;
    }

    private static async Task<SplitRange[]> CsvAsync(RangeReader read, byte delimiter, long[] cuts, long dataLine, CancellationToken cancellationToken)
    {
        int count = cuts.Length - 1;
        var walks = new CsvQuoteWalk[count];
        await ParallelWork.ForEachAsync(count, async (i, token) =>
        {
            // The byte before a cut decides whether a quote right at the cut opens a quoted field.
            long from = i == 0 ? cuts[0] : cuts[i] - 1;
            var walk = new CsvQuoteWalk(delimiter, cuts[i], (byte)'\n');
            await using Stream input = await read(from, cuts[i + 1], token).ConfigureAwait(false);
            bool first = i > 0;
            await ReadAsync(input, ReadBytes, (bytes, _) =>
            {
                if (first)
                {
                    walk = new CsvQuoteWalk(delimiter, cuts[i], bytes[0]);
                    bytes = bytes[1..];
                    first = false;
                }

                walk.Walk(bytes);
                return false;
            }, token).ConfigureAwait(false);
            walks[i] = walk;
        }, cancellationToken).ConfigureAwait(false);

        // In input order: the true state at each cut gives that range's first record boundary.
        long[] starts = new long[count + 1];
        long[] lines = new long[count + 1];
        starts[0] = cuts[0];
        lines[0] = dataLine;
        CsvQuoteState state = CsvQuoteState.Outside;
        long lineAtCut = dataLine;
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                (long terminator, long linesToIt) = walks[i].FirstTerminator(state);
                starts[i] = terminator < 0 ? -1 : terminator + 1;
                lines[i] = lineAtCut + linesToIt;
            }

            state = walks[i].EndState(state);
            lineAtCut += walks[i].Newlines;
        }

        starts[count] = cuts[count];
        lines[count] = lineAtCut;
        return Ranges(starts, lines, dataLine);
    }

    // A cut without a boundary before the next cut starts where the next range starts (its range is empty).
    private static SplitRange[] Ranges(long[] starts, long[]? lines, long dataLine)
    {
        int count = starts.Length - 1;
        for (int i = count - 1; i > 0; i--)
        {
            if (starts[i] < 0)
            {
                starts[i] = starts[i + 1];
                if (lines is not null)
                {
                    lines[i] = lines[i + 1];
                }
            }
        }

        var ranges = new SplitRange[count];
        for (int i = 0; i < count; i++)
        {
            ranges[i] = new SplitRange(starts[i], starts[i + 1], i == 0 ? dataLine : lines?[i] ?? 1);
        }

        return ranges;
    }

    // Feeds the stream's bytes to onBytes (with their offset from the stream's start) until it returns true or the end.
    private static async Task ReadAsync(Stream input, int readBytes, ReadBytesHandler onBytes, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(readBytes);
        try
        {
            long offset = 0;
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, readBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (onBytes(buffer.AsSpan(0, read), offset))
                {
                    return;
                }

                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate bool ReadBytesHandler(ReadOnlySpan<byte> bytes, long offset);
}
