using System.Diagnostics;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Bench;

/// <summary>
/// The split's scaling: the whole split (read, frame, validate, merge, write the plan) of one file on 1, 2, … threads,
/// through the same store and code a <c>plan</c> uses. MB/s at each count, best of the repetitions.
/// </summary>
public static class SplitScaling
{
    public static async Task<IReadOnlyList<(int Threads, double MegabytesPerSecond)>> MeasureAsync(string file, RecordSchema schema, string folder, int maxThreads, int repetitions, CancellationToken cancellationToken)
    {
        var store = new LocalObjectStore();
        var source = new ObjectLocation(Path.GetDirectoryName(file)!, Path.GetFileName(file));
        var results = new List<(int, double)>();
        for (int threads = 1; threads <= maxThreads; threads++)
        {
            double best = 0;
            for (int i = 0; i < repetitions; i++)
            {
                var request = new SplitRequest(source, schema, InputFormat.JsonLines, Path.Combine(folder, $"scaling-{threads}"),
                    new SplitOptions { ChunkRecords = SplitOptions.DefaultChunkRecords, Threads = threads }, new GateOptions());
                var clock = Stopwatch.StartNew();
                SplitResult result = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
                best = Math.Max(best, result.Report.Bytes / 1e6 / clock.Elapsed.TotalSeconds);
            }

            results.Add((threads, best));
        }

        return results;
    }
}
