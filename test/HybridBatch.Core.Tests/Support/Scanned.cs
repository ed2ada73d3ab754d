using System.Text;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Support;

/// <summary>A copy of a <see cref="RawRecord"/> that outlives the scanner's buffer.</summary>
internal sealed record Scanned(string Content, long Index, long Line, long ByteOffset, RecordProblem Problem, int ProblemOffset)
{
    public static List<Scanned> All(string text, RecordFormat format, int step = int.MaxValue, RecordScannerOptions? options = null, byte delimiter = (byte)',') =>
        All(Encoding.UTF8.GetBytes(text), format, step, options, delimiter: delimiter);

    public static List<Scanned> All(byte[] data, RecordFormat format, int step = int.MaxValue, RecordScannerOptions? options = null, long baseOffset = 0, long firstLine = 1, long firstIndex = 0, byte delimiter = (byte)',')
    {
        var found = new List<Scanned>();
        using var scanner = new RecordScanner(new TrickleStream(data, step), format, delimiter, options ?? new RecordScannerOptions(), baseOffset, firstLine, firstIndex);
        while (scanner.FillAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (scanner.TryRead(out RawRecord r))
            {
                found.Add(new Scanned(Encoding.UTF8.GetString(r.Content), r.Index, r.Line, r.ByteOffset, r.Problem, r.ProblemOffset));
            }
        }

        return found;
    }
}
