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
/// through the same store and code a <c>plan</c> uses, after one untimed split at each count. MB/s at each count, best
/// of the repetitions (taken in turn across the counts), with the cores the process kept busy in that run, and after
/// each repetition what the host gave as many threads (<see cref="HostScaling"/>).
/// </summary>
/// <remarks>
/// The cores busy (process CPU time over wall time) tell the code from the machine: a host that shares its CPU between
/// sessions (Linux autogroups) gives a process its session's share whatever its thread count, and a 2-thread split that
/// was given one core cannot scale, however well it overlaps its work.
/// </remarks>
public static class SplitScaling
{
    public static async Task<SplitScalingResult> MeasureAsync(string file, RecordSchema schema, string folder, int maxThreads, int repetitions, CancellationToken cancellationToken)
    {
        var store = new LocalObjectStore();
        var source = new ObjectLocation(Path.GetDirectoryName(file)!, Path.GetFileName(file));
        using var process = Process.GetCurrentProcess();
        SplitRequest RequestFor(int threads) => new(source, schema, InputFormat.JsonLines, Path.Combine(folder, $"scaling-{threads}"),
            new SplitOptions { ChunkRecords = SplitOptions.DefaultChunkRecords, Threads = threads }, new GateOptions());

        // One untimed split at every thread count first: each count runs code of its own (the one-thread split, the
        // parallel framing and piece passes), and the first runs of that code are still tiering up. This line measures
        // how the split's work spreads over cores; a fresh process's warm-up is what the whole-process `plan` line counts.
        for (int threads = 1; threads <= maxThreads; threads++)
        {
            await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(RequestFor(threads), cancellationToken).ConfigureAwait(false);
        }

        // Repetitions alternate between the counts (1, 2, 1, 2, …) rather than running each count's back to back, so a
        // spell of host noise falls on both sides of the ratio instead of on one.
        var best = new SplitScalingPoint?[maxThreads + 1];
        int hostThreads = Math.Max(2, maxThreads);
        var host = new List<double>();
        for (int i = 0; i < repetitions; i++)
        {
            for (int threads = 1; threads <= maxThreads; threads++)
            {
                SplitRequest request = RequestFor(threads);
                process.Refresh();
                TimeSpan cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                SplitResult result = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
                double seconds = clock.Elapsed.TotalSeconds;
                process.Refresh();
                var point = new SplitScalingPoint(threads, result.Report.Bytes / 1e6 / seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds / seconds);
                if (best[threads] is not { } previous || point.MegabytesPerSecond > previous.MegabytesPerSecond)
                {
                    best[threads] = point;
                }
            }

            // What the host gave as many threads just then: a low figure says this repetition's runs shared their cores.
            host.Add(HostScaling.Measure(hostThreads));
        }

        var results = new SplitScalingResult([.. best.Skip(1).Select(point => point!)], hostThreads, host);
        return results;
    }
}
