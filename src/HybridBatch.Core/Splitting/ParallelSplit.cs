using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The split on <see cref="SplitOptions.Threads"/> threads, for an uncompressed input that can be read at any offset
/// (a local file, an S3 object by ranged GETs): the data is cut into byte ranges at record boundaries
/// (<see cref="RangeBoundaries"/>), each range is framed and validated on its own thread with its own validator
/// (<see cref="RangePass"/>), and <see cref="ParallelMerge"/> puts the results together. The plan, the rejects file
/// and the report are the one-thread <see cref="Splitter"/>'s, byte for byte (ParallelSplitPropertyTests).
/// </summary>
/// <remarks>
/// A CSV header row is read first, on the calling thread; an input whose header cannot be used (unreadable, too long,
/// not matching the schema) goes to the one-thread split, which reports it and only counts what follows, and so does
/// an input found unreadable part way (a structural error). CSV input is read twice: once by the quote pass that
/// finds record boundaries, once to validate.
/// </remarks>
internal sealed class ParallelSplit
{
    private readonly RecordSchema _schema;
    private readonly InputFormat _format;
    private readonly SplitOptions _options;

    public ParallelSplit(RecordSchema schema, InputFormat format, SplitOptions options)
    {
        options.Validate();
        if (format.Compressed)
        {
            throw new ArgumentException("the parallel split reads uncompressed input at any offset; compressed input is one stream", nameof(format));
        }

        _schema = schema;
        _format = format;
        _options = options;
    }

    public async Task<SplitOutcome> SplitAsync(RangeReader read, long length, Stream rejects, CancellationToken cancellationToken)
    {
        long dataStart = 0;
        long dataLine = 1;
        IReadOnlyList<string>? header = null;
        Func<RecordValidator> validator = () => RecordValidator.ForJsonLines(_schema, _options.Scanner.MaxRecordBytes, keyField: null, _options.MaxDepth);
        if (_format.Format == RecordFormat.Csv)
        {
            CsvStart? start = await ReadHeaderAsync(read, length, cancellationToken).ConfigureAwait(false);
            if (start is null)
            {
                return await OneThreadAsync(read, length, rejects, cancellationToken).ConfigureAwait(false);
            }

            (header, dataStart, dataLine) = (start.Names, start.DataStart, start.DataLine);
            validator = () => RecordValidator.ForCsv(_schema, _options.Scanner.MaxRecordBytes, _format.Delimiter, _format.Quotes, start.Names, keyField: null);
        }

        SplitRange[] ranges = await RangeBoundaries.FindAsync(read, _format, dataStart, dataLine, length, RangeCount(length - dataStart), cancellationToken).ConfigureAwait(false);
        var outcomes = new RangeOutcome[ranges.Length];
        try
        {
            await ParallelWork.ForEachAsync(ranges.Length, async (i, token) =>
            {
                SplitRange range = ranges[i];
                if (range.Start == range.End)
                {
                    outcomes[i] = new RangeOutcome(range);
                    return;
                }

                await using Stream input = await read(range.Start, range.End, token).ConfigureAwait(false);
                outcomes[i] = await RangePass.RunAsync(input, range, _format, _options, validator(), token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);

            if (outcomes.Any(o => o.StructuralError is not null))
            {
                // Where framing stops in an unreadable input (a quoted field past the record limit) depends on how
                // the bytes were read; the one-thread split's answer is the reference. Such an input fails the gate,
                // so the second pass is paid only by a run that publishes nothing.
                return await OneThreadAsync(read, length, rejects, cancellationToken).ConfigureAwait(false);
            }

            var writer = new RejectWriter(rejects, _options.MaxRejectRawBytes, _options.FirstErrorsInReport);
            return await new ParallelMerge(read, _format, _options, outcomes, writer).MergeAsync(header, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (RangeOutcome? outcome in outcomes)
            {
                outcome?.Dispose();
            }
        }
    }

    private async Task<SplitOutcome> OneThreadAsync(RangeReader read, long length, Stream rejects, CancellationToken cancellationToken)
    {
        await using Stream whole = await read(0, length, cancellationToken).ConfigureAwait(false);
        return await new Splitter(_schema, _format, _options).SplitAsync(whole, rejects, staging: null, cancellationToken).ConfigureAwait(false);
    }

    // One range per thread, but none smaller than MinRangeBytes: a small file is not worth the threads.
    private int RangeCount(long dataBytes) =>
        (int)Math.Clamp(dataBytes / Math.Max(1, _options.MinRangeBytes), 1, _options.Threads);

    private async Task<CsvStart?> ReadHeaderAsync(RangeReader read, long length, CancellationToken cancellationToken)
    {
        await using Stream input = await read(0, length, cancellationToken).ConfigureAwait(false);
        using var scanner = new RecordScanner(input, _format.Format, _format.Delimiter, _options.Scanner);
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (TakeHeader(scanner, out bool usable) is { } names)
                {
                    return Binds(names) ? new CsvStart(names, scanner.Position, scanner.Line) : null;
                }

                if (!usable)
                {
                    return null;
                }
            }
        }
        catch (InputFormatException)
        {
            // The one-thread split reports it, with what it read before.
        }

        return null;
    }

    private string[]? TakeHeader(RecordScanner scanner, out bool usable)
    {
        usable = true;
        if (!scanner.TryRead(out RawRecord record))
        {
            return null;
        }

        string[]? names = CsvHeader.TryRead(record, _format, out _);
        usable = names is not null;
        return names;
    }

    private bool Binds(string[] names)
    {
        try
        {
            _ = _schema.BindCsvHeader(names);
            return true;
        }
        catch (SchemaMismatchException)
        {
            return false;
        }
    }

    private sealed record CsvStart(string[] Names, long DataStart, long DataLine);
}
