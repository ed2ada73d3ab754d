using HybridBatch.Bench;
using HybridBatch.Cli.Commands;
using HybridBatch.Core.Schema;
using HybridBatch.Generation;

namespace HybridBatch.Cli.Tests.Bench;

/// <summary>
/// The bench's scaling line: one point per thread count, in order, each with a throughput and the cores the process
/// kept busy, which a split that ran (and took CPU time) cannot report as none or as more cores than threads and
/// background work could use.
/// </summary>
public sealed class SplitScalingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Each_thread_count_has_its_throughput_and_the_cores_it_kept_busy()
    {
        // About 4.3 MB: more than one 1 MiB range per thread, so the 2-thread point runs the parallel split.
        string file = _folder.File("orders.jsonl");
        GenerateCommand.Generate("orders", file, 20_000, new GeneratorOptions { Seed = 7 });

        SplitScalingResult result = await SplitScaling.MeasureAsync(
            file, RecordSchema.LoadSample("orders"), _folder.Path, maxThreads: 2, repetitions: 2, CancellationToken.None);
        IReadOnlyList<SplitScalingPoint> points = result.Points;

        Assert.Equal([1, 2], points.Select(p => p.Threads));
        Assert.All(points, p => Assert.True(p.MegabytesPerSecond > 0 && double.IsFinite(p.MegabytesPerSecond), $"{p}"));
        Assert.All(points, p => Assert.True(p.CoresBusy > 0 && p.CoresBusy <= Environment.ProcessorCount + 0.5, $"{p}"));
        // One host figure per repetition, a ratio of two timings: no bound on it holds on a loaded machine (a one-thread
        // run descheduled midway gives more than the thread count), so only that it is one.
        Assert.Equal((2, 2), (result.HostThreads, result.HostScaling.Count));
        Assert.All(result.HostScaling, h => Assert.True(h > 0 && double.IsFinite(h), $"{h}"));
    }

    public void Dispose() => _folder.Dispose();
}
