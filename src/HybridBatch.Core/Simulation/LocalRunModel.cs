using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Simulation;

/// <summary>
/// Models what <c>hybridbatch run</c> does on this machine: start the process; split the whole input on
/// <see cref="CostModelOptions.SplitThreads"/> threads; then run the chunks in plan order, Lambda-route chunks in
/// process on at most <c>lambdaConcurrency</c> at once and Batch-route chunks as child processes (each paying a process
/// start) on at most <c>batchConcurrency</c>, every chunk on one thread, all of them sharing the machine's cores.
/// </summary>
public static class LocalRunModel
{
    private const string LambdaPool = "lambda";
    private const string BatchPool = "batch";

    public static LocalRunEstimate Estimate(IReadOnlyList<PlannedChunk> chunks, long totalRecords, CostModel costs, int cores, int lambdaConcurrency, int batchConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lambdaConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchConcurrency, 1);
        CostModelOptions options = costs.Options;
        double split = totalRecords / (options.ValidateRecordsPerSecondPerCore * Math.Min(options.SplitThreads, cores));
        // One thread per chunk here whatever the route's size in AWS: a local worker is one process on this machine.
        double perWorker = costs.RecordsPerSecond(1);
        var work = chunks.Select(c => new SimulatedWork
        {
            Id = c.ChunkId,
            Pool = c.Route == Route.Lambda ? LambdaPool : BatchPool,
            ColdStartSeconds = c.Route == Route.Lambda ? 0 : options.ProcessStartupSeconds,
            Records = c.Records,
            MaxRecordsPerSecond = perWorker,
        }).ToList();
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run(
            work,
            new Dictionary<string, int>(StringComparer.Ordinal) { [LambdaPool] = lambdaConcurrency, [BatchPool] = batchConcurrency },
            new Dictionary<string, int>(StringComparer.Ordinal),
            sharedRecordsPerSecond: perWorker * cores);
        return new LocalRunEstimate
        {
            StartupSeconds = options.ProcessStartupSeconds,
            SplitSeconds = split,
            ChunksSeconds = timeline.Count == 0 ? 0 : timeline.Max(t => t.SeenAt),
            ChunkSeconds = timeline.ToDictionary(t => t.Work.Id, t => t.ProcessingSeconds),
            Workers = new Dictionary<Route, int> { [Route.Lambda] = Math.Min(lambdaConcurrency, cores), [Route.Batch] = Math.Min(batchConcurrency, cores) },
            RecordsPerSecondPerCore = perWorker,
            DestinationMeasured = costs.DestinationMeasured,
        };
    }
}
