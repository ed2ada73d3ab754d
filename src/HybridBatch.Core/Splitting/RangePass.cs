using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// One thread of the parallel split: frames its range from the record boundary it starts at (the scanner is
/// deterministic from any boundary) and validates every record with its own validator, as the one-thread split does.
/// </summary>
internal static class RangePass
{
    public static async Task<RangeOutcome> RunAsync(Stream input, SplitRange range, InputFormat format, SplitOptions options, RecordValidator validator, CancellationToken cancellationToken)
    {
        var outcome = new RangeOutcome(range);
        using var scanner = new RecordScanner(input, format.Format, format.Delimiter, options.Scanner, range.Start, range.FirstLine);
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                Drain(scanner, validator, outcome, options.MaxRejectRawBytes);
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

    private static void Drain(RecordScanner scanner, RecordValidator validator, RangeOutcome outcome, int maxRawBytes)
    {
        while (scanner.TryRead(out RawRecord record))
        {
            if (record.Index % RangeOutcome.CheckpointEvery == 0)
            {
                outcome.Checkpoints.Add((record.ByteOffset, record.Line));
            }

            outcome.Records++;
            ValidationError? error = validator.Validate(record);
            if (error is null)
            {
                outcome.Valid++;
            }
            else
            {
                outcome.Rejects.Add(RejectWriter.Describe(record, error, maxRawBytes), error.PatternTimedOut);
            }
        }
    }
}
