using System.Globalization;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Simulation;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Local;

/// <summary>The estimates <c>plan</c> prints and <c>run</c> stores in its report: the local run, and on request an AWS run.</summary>
internal static class RunEstimates
{
    /// <summary>The local run model over the routed chunks; sets each chunk's <see cref="ChunkWork.EstimatedSeconds"/>.</summary>
    public static LocalRunEstimate Local(LocalRunRequest request, CostModel costs, long totalRecords, IReadOnlyList<ChunkWork> chunks)
    {
        // Chunks an earlier run published are not run again: they cost nothing now.
        List<PlannedChunk> toRun = chunks.Where(c => !c.Reused).Select(c => Planned(c.Chunk, c.Decision)).ToList();
        LocalRunEstimate estimate = LocalRunModel.Estimate(toRun, totalRecords, costs, Environment.ProcessorCount, request.LambdaConcurrency, request.BatchConcurrency);
        foreach (ChunkWork chunk in chunks)
        {
            chunk.EstimatedSeconds = estimate.ChunkSeconds.GetValueOrDefault(chunk.Chunk.ChunkId);
        }

        return estimate;
    }

    public static void WriteLocal(TextWriter log, LocalRunEstimate estimate, CostModel costs, string source)
    {
        string rate = costs.DestinationMeasured
            ? Text($"{estimate.RecordsPerSecondPerCore:N0} records/s per core to {costs.Destination}")
            : Text($"{estimate.RecordsPerSecondPerCore:N0} records/s per core ({costs.Destination} not calibrated: publishing counted as free)");
        log.WriteLine(Text($"Estimated local run: split {estimate.SplitSeconds:N1} s + chunks {estimate.ChunksSeconds:N1} s = {estimate.WallClockSeconds:N1} s (the report's wall clock), {estimate.CommandSeconds:N1} s with the process start; {Environment.ProcessorCount} cores, {rate}; cost model: {source}"));
    }

    /// <summary>Projects an AWS run of the plan (or of <see cref="AwsSimulationRequest.Records"/> records like it) and prints it.</summary>
    public static AwsProjection Aws(TextWriter output, AwsSimulationRequest simulation, ChunkPlan plan, RoutingOptions routing, CostModelOptions options, string destination, string source)
    {
        var aws = new AwsSettings();
        // The template's instance types and vCPU cap bound the job sizes, as the route function's settings do in AWS.
        CostModelOptions fitted = options.FitTo(BatchInstanceType.ParseList(aws.BatchInstanceTypes), aws.BatchMaxVcpus);
        var costs = new CostModel(fitted, destination);
        var router = new ChunkRouter(routing, costs);
        long records = simulation.Records ?? plan.TotalRecords;
        IReadOnlyList<ChunkPlanEntry> chunks = simulation.Records is long scaled ? Scaled(plan, scaled) : plan.Chunks;
        long bytes = simulation.Records is null ? plan.SourceSize : (long)Math.Round((double)plan.SourceSize / Math.Max(1, plan.TotalRecords) * records);
        List<PlannedChunk> planned = chunks.Select(c => Planned(c, router.Decide(c))).ToList();
        AwsProjection projection = AwsRunModel.Project(planned, records, bytes, costs, aws);

        output.WriteLine(Text($"AWS projection ({(simulation.Records is null ? "this plan" : $"{records:N0} records like this file's, {bytes / 1e9:N1} GB")}; template defaults, destination {destination}; cost model: {source}):"));
        output.WriteLine(Text($"  chunks       {projection.Chunks:N0} ({projection.LambdaChunks:N0} lambda, {projection.BatchChunks:N0} batch)"));
        output.WriteLine(Text($"  wall time    {Duration(projection.WallClockSeconds)} (split {Duration(projection.SplitSeconds)} on {projection.SplitOn}, map {Duration(projection.MapSeconds)}, aggregate {Duration(projection.AggregateSeconds)})"));
        output.WriteLine(Text($"  cost         ${projection.TotalCostUsd:F4}: {string.Join(", ", projection.CostUsd.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Text($"{p.Key} ${p.Value:F4}")))}"));
        output.WriteLine("  critical path:");
        foreach (string step in projection.CriticalPath)
        {
            output.WriteLine($"    {step}");
        }

        foreach (string warning in projection.Warnings)
        {
            output.WriteLine($"  note: {warning}");
        }

        return projection;
    }

    /// <summary>A plan of <paramref name="records"/> records cut like <paramref name="plan"/>: same chunk size, bytes per record and reject rate.</summary>
    internal static IReadOnlyList<ChunkPlanEntry> Scaled(ChunkPlan plan, long records)
    {
        double bytesPerRecord = (double)plan.SourceSize / Math.Max(1, plan.TotalRecords);
        double rejectRate = (double)plan.RejectedRecords / Math.Max(1, plan.TotalRecords);
        var chunks = new List<ChunkPlanEntry>();
        for (long start = 0, id = 0; start < records; start += plan.ChunkRecords, id++)
        {
            long count = Math.Min(plan.ChunkRecords, records - start);
            long byteStart = (long)(start * bytesPerRecord);
            long byteEnd = (long)((start + count) * bytesPerRecord);
            chunks.Add(new ChunkPlanEntry
            {
                ChunkId = (int)id,
                StartIndex = start,
                EndIndex = start + count,
                ByteStart = byteStart,
                ByteEnd = byteEnd,
                Records = count,
                Bytes = byteEnd - byteStart,
                Rejected = (long)Math.Round(count * rejectRate),
                FirstLine = start + 1,
            });
        }

        return chunks;
    }

    private static PlannedChunk Planned(ChunkPlanEntry chunk, RouteDecision decision) =>
        new(chunk.ChunkId, chunk.Records, chunk.Rejected, chunk.Bytes, decision.Route, decision.Vcpus);

    private static string Duration(double seconds) => seconds >= 3600
        ? Text($"{seconds / 3600:F2} h")
        : seconds >= 120 ? Text($"{seconds / 60:F1} min") : Text($"{seconds:F1} s");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
