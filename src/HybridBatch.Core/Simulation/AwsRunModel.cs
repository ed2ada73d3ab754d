using System.Globalization;
using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Simulation;

/// <summary>
/// Projects an AWS run of a plan as the template deploys it: the split (the split function, or a Batch validation job
/// for objects over <see cref="AwsSettings.LambdaSplitMaxBytes"/>); the Distributed Map dispatching chunks in plan
/// order, at most <see cref="AwsSettings.MapMaxConcurrency"/> at once; Lambda-route chunks paying a cold start; Batch
/// jobs waiting for the compute environment's vCPUs, paying an instance start on capacity never used before and a
/// container start on capacity an earlier job left, and noticed at the state machine's next poll; all chunks sharing
/// the destination's cap; then the aggregate. Pure and deterministic: the same plan and settings give the same answer.
/// </summary>
public static class AwsRunModel
{
    private const string MapPool = "map";
    private const string VcpuPool = "vcpus";

    // The state machine's states a run passes through (statemachine/hybrid-batch.asl.json).
    private const int TopLevelTransitions = 9;
    private const int LambdaChunkTransitions = 4;
    private const int BatchChunkTransitions = 5;
    private const int TransitionsPerPoll = 3;

    // Assumed: the split reads the object in 8 MiB ranged GETs; a chunk writes its progress every 5 s.
    private const double SplitReadBytes = 8 * 1024 * 1024;
    private const double ProgressSeconds = 5;

    public static AwsProjection Project(IReadOnlyList<PlannedChunk> chunks, long totalRecords, long totalBytes, CostModel costs, AwsSettings aws)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        CostModelOptions options = costs.Options;
        var warnings = new List<string>();
        var path = new List<string>();
        if (!costs.DestinationMeasured)
        {
            warnings.Add(Text($"publishing to {costs.Destination} was not calibrated: chunks are estimated at the processing rate, as if publishing were free"));
        }

        double bytesPerRecord = totalRecords == 0 ? 0 : (double)totalBytes / totalRecords;
        (string splitOn, double split, int splitPolls) = Split(totalRecords, totalBytes, options, aws, warnings);
        path.Add(splitOn == "lambda"
            ? Text($"split: 0 → {split:N0} s on the split function ({aws.SplitFunctionMemoryMiB:N0} MiB, {Math.Min(CostModelOptions.LambdaVcpus(aws.SplitFunctionMemoryMiB), options.SplitThreads):0.##} cores busy), {totalRecords:N0} records at {options.ValidateRecordsPerSecondPerCore:N0}/s per core")
            : Text($"split: 0 → {split:N0} s as a Batch validation job ({totalBytes / 1e9:N1} GB > LambdaSplitMaxBytes {aws.LambdaSplitMaxBytes / 1e9:N1} GB): {options.BatchStartupSeconds:N0} s to start, {Math.Min(aws.ValidationJobVcpus, options.SplitThreads)} thread(s), noticed at a {aws.PollSeconds} s poll"));

        double lambdaRate = costs.RecordsPerSecond(CostModelOptions.LambdaVcpus(options.LambdaMemoryMiB));
        var work = chunks.Select(c => c.Route == Route.Lambda
            ? new SimulatedWork
            {
                Id = c.ChunkId,
                Pool = MapPool,
                SetupSeconds = aws.SmallInvocationSeconds,
                ColdStartSeconds = options.LambdaStartupSeconds,
                Records = c.Records,
                MaxRecordsPerSecond = lambdaRate,
            }
            : new SimulatedWork
            {
                Id = c.ChunkId,
                Pool = MapPool,
                SetupSeconds = 2 * aws.SmallInvocationSeconds,
                CapacityPool = VcpuPool,
                CapacityUnits = Math.Min(c.Vcpus, aws.BatchMaxVcpus),
                ColdStartSeconds = options.BatchStartupSeconds,
                WarmStartSeconds = aws.BatchWarmStartSeconds,
                Records = c.Records,
                MaxRecordsPerSecond = costs.RecordsPerSecond(c.Vcpus),
                PollSeconds = aws.PollSeconds,
            }).ToList();
        double? cap = DestinationCap(costs.Destination, bytesPerRecord, aws);
        int mapSlots = Math.Min(aws.MapMaxConcurrency, aws.LambdaAccountConcurrency);
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run(
            work,
            new Dictionary<string, int>(StringComparer.Ordinal) { [MapPool] = mapSlots },
            new Dictionary<string, int>(StringComparer.Ordinal) { [VcpuPool] = aws.BatchMaxVcpus },
            cap,
            startAt: split);
        double mapEnd = timeline.Count == 0 ? split : timeline.Max(t => t.SeenAt);
        DescribeMap(timeline, chunks, mapSlots, cap, split, mapEnd, path);
        foreach (WorkTimeline t in timeline.Where(t => t.Work.CapacityPool is null && t.ProcessingSeconds + options.LambdaStartupSeconds > aws.LambdaTimeoutSeconds))
        {
            warnings.Add(Text($"chunk {t.Work.Id}: {t.ProcessingSeconds:N0} s on Lambda is over its {aws.LambdaTimeoutSeconds:N0} s timeout: it would fail; lower the threshold or the chunk size"));
        }

        double aggregate = aws.SmallInvocationSeconds + 0.5 + chunks.Count * 0.005;
        path.Add(Text($"aggregate: {mapEnd:N0} → {mapEnd + aggregate:N0} s (reads {chunks.Count:N0} results)"));
        if (costs.Destination == "kafka")
        {
            warnings.Add("Amazon MSK bills broker-hours and storage, not requests: not in the cost");
        }

        return new AwsProjection
        {
            Records = totalRecords,
            Chunks = chunks.Count,
            LambdaChunks = chunks.Count(c => c.Route == Route.Lambda),
            BatchChunks = chunks.Count(c => c.Route == Route.Batch),
            SplitOn = splitOn,
            SplitSeconds = split,
            MapSeconds = mapEnd - split,
            AggregateSeconds = aggregate,
            CostUsd = Costs(chunks, timeline, splitOn, split, splitPolls, aggregate, totalBytes, bytesPerRecord, costs, aws),
            CriticalPath = path,
            Warnings = warnings,
        };
    }

    private static (string On, double Seconds, int Polls) Split(long records, long bytes, CostModelOptions options, AwsSettings aws, List<string> warnings)
    {
        if (bytes <= aws.LambdaSplitMaxBytes)
        {
            double cores = Math.Min(CostModelOptions.LambdaVcpus(aws.SplitFunctionMemoryMiB), options.SplitThreads);
            double seconds = options.LambdaStartupSeconds + records / (options.ValidateRecordsPerSecondPerCore * cores);
            if (seconds > aws.LambdaTimeoutSeconds)
            {
                warnings.Add(Text($"the split function would take {seconds:N0} s, over its {aws.LambdaTimeoutSeconds:N0} s timeout: lower LambdaSplitMaxBytes so a validation job splits objects this large"));
            }

            return ("lambda", seconds, 0);
        }

        double job = options.BatchStartupSeconds + records / (options.ValidateRecordsPerSecondPerCore * Math.Min(aws.ValidationJobVcpus, options.SplitThreads));
        int polls = (int)Math.Ceiling(job / aws.PollSeconds);
        return ("batch", 2 * aws.SmallInvocationSeconds + polls * (double)aws.PollSeconds, polls);
    }

    /// <summary>Records per second the destination takes from all chunks together, or null when it sets no cap here.</summary>
    public static double? DestinationCap(string destination, double bytesPerRecord, AwsSettings aws) => destination switch
    {
        "sqs_core" when aws.SqsFifo => aws.SqsFifoMessagesPerSecond,
        "kafka" when bytesPerRecord > 0 => aws.KafkaPartitions * aws.KafkaPartitionMegabytesPerSecond * 1e6 / bytesPerRecord,
        _ => null,
    };

    private static void DescribeMap(IReadOnlyList<WorkTimeline> timeline, IReadOnlyList<PlannedChunk> chunks, int mapSlots, double? cap, double start, double end, List<string> path)
    {
        if (timeline.Count == 0)
        {
            path.Add("map: no chunks");
            return;
        }

        double demand = timeline.OrderByDescending(t => t.Work.MaxRecordsPerSecond).Take(mapSlots).Sum(t => t.Work.MaxRecordsPerSecond);
        string bound = cap is double c && demand > c
            ? Text($"; the destination's cap of {c:N0} records/s binds (up to {mapSlots:N0} chunks at once would take {demand:N0}/s)")
            : "";
        path.Add(Text($"map: {start:N0} → {end:N0} s, {chunks.Count:N0} chunks ({chunks.Count(c => c.Route == Route.Lambda):N0} lambda, {chunks.Count(c => c.Route == Route.Batch):N0} batch), at most {mapSlots:N0} at once (MapMaxConcurrency){bound}"));
        WorkTimeline last = timeline.OrderBy(t => t.SeenAt).ThenBy(t => t.Work.Id).Last();
        string waited = last.PlacedAt - last.DispatchedAt - last.Work.SetupSeconds > 0.5
            ? Text($", waited {last.PlacedAt - last.DispatchedAt - last.Work.SetupSeconds:N0} s for vCPUs")
            : "";
        string started = last.Work.CapacityPool is null ? "cold start" : last.ColdStart ? "new instance" : "instance already running";
        string seen = last.SeenAt - last.FinishedAt > 0.5 ? Text($", noticed at the poll at {last.SeenAt:N0} s") : "";
        path.Add(Text($"last chunk {last.Work.Id} ({(last.Work.CapacityPool is null ? "lambda" : "batch")}): slot at {last.DispatchedAt:N0} s{waited}, {started} until {last.RunningAt:N0} s, {last.Work.Records:N0} records until {last.FinishedAt:N0} s{seen}"));
    }

    private static Dictionary<string, double> Costs(IReadOnlyList<PlannedChunk> chunks, IReadOnlyList<WorkTimeline> timeline, string splitOn, double split, int splitPolls,
        double aggregate, long totalBytes, double bytesPerRecord, CostModel costs, AwsSettings aws)
    {
        CostModelOptions options = costs.Options;
        double smallGbSeconds = aws.SmallInvocationSeconds * aws.SmallFunctionMemoryMiB / 1024.0;
        double gbSeconds = aggregate * aws.AggregateFunctionMemoryMiB / 1024.0;
        long invocations = 1 + chunks.Count;
        gbSeconds += chunks.Count * smallGbSeconds;
        double vcpuSeconds = 0;
        long transitions = TopLevelTransitions;
        long puts = 5;
        long gets = 2 + 2L * chunks.Count + (long)Math.Ceiling(totalBytes / SplitReadBytes);
        if (splitOn == "lambda")
        {
            invocations++;
            gbSeconds += split * aws.SplitFunctionMemoryMiB / 1024.0;
        }
        else
        {
            invocations += 1 + splitPolls;
            gbSeconds += (1 + splitPolls) * smallGbSeconds;
            transitions += 4 + TransitionsPerPoll * splitPolls;
            vcpuSeconds += (split - 2 * aws.SmallInvocationSeconds) * aws.ValidationJobVcpus;
        }

        double sqsRequests = 0;
        var byId = chunks.ToDictionary(c => c.ChunkId);
        foreach (WorkTimeline t in timeline)
        {
            PlannedChunk chunk = byId[t.Work.Id];
            puts += 1 + (long)Math.Ceiling((double)chunk.Records / aws.StepRecords) + (long)Math.Ceiling(t.ProcessingSeconds / ProgressSeconds);
            if (t.Work.CapacityPool is null)
            {
                invocations++;
                gbSeconds += (options.LambdaStartupSeconds + t.ProcessingSeconds) * options.LambdaMemoryMiB / 1024.0;
                transitions += LambdaChunkTransitions;
            }
            else
            {
                int polls = (int)Math.Round((t.SeenAt - t.DispatchedAt - t.Work.SetupSeconds) / aws.PollSeconds);
                invocations += 1 + polls;
                gbSeconds += (1 + polls) * smallGbSeconds;
                transitions += BatchChunkTransitions + TransitionsPerPoll * polls;
                // The instance is paid from its start to the job's end (an idle instance's minutes before scale-in are not counted).
                vcpuSeconds += (t.FinishedAt - t.PlacedAt) * t.Work.CapacityUnits;
            }

            if (costs.Destination == "sqs_core")
            {
                // SendMessageBatch of 10; every 64 KiB of a request is billed as one request.
                double perBatch = Math.Max(1, Math.Ceiling(10 * bytesPerRecord / 65_536));
                sqsRequests += Math.Ceiling((chunk.Records - chunk.Rejected) / 10.0) * perBatch;
            }
        }

        var cost = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["lambda"] = gbSeconds * options.LambdaPricePerGbSecond + invocations * options.LambdaPricePerRequest,
            ["batch"] = vcpuSeconds / 3600 * options.BatchPricePerVcpuHour,
            ["stepfunctions"] = transitions * aws.PricePerStateTransition,
            ["s3"] = puts * aws.S3PricePerPut + gets * aws.S3PricePerGet,
        };
        if (costs.Destination == "sqs_core")
        {
            cost["sqs"] = sqsRequests * (aws.SqsFifo ? aws.SqsFifoPricePerRequest : aws.SqsPricePerRequest);
        }

        return cost;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
