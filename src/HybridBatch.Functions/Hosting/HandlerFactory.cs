using HybridBatch.Core.Settings;
using HybridBatch.Adapters.Storage;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Handlers;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// Builds the handler that the function's <c>Handler</c> setting (<c>_HANDLER</c>) names, with its clients,
/// once, at start-up. Every setting the handler uses is read here, so a bad one fails the init, naming it.
/// </summary>
internal static class HandlerFactory
{
    public const string Split = "split";
    public const string Route = "route";
    public const string ProcessChunk = "process-chunk";
    public const string SubmitBatchJob = "submit-batch-job";
    public const string PollBatchJob = "poll-batch-job";
    public const string Aggregate = "aggregate";

    public static IReadOnlyList<string> Names { get; } = [Split, Route, ProcessChunk, SubmitBatchJob, PollBatchJob, Aggregate];

    /// <param name="name">The handler's name (<c>_HANDLER</c>).</param>
    /// <param name="settings">The function's settings.</param>
    /// <param name="log">Structured logs.</param>
    /// <param name="metrics">EMF metrics.</param>
    /// <param name="http">For the Batch API client; the caller owns it.</param>
    public static IFunctionHandler Create(string name, FunctionSettings settings, JsonLogger log, MetricsLogger metrics, HttpClient http)
    {
        try
        {
            return name switch
            {
                Split => CreateSplit(settings, log),
                Route => new RouteHandler(new ChunkRouter(settings.Routing() with { LambdaReadsParquet = false }, new CostModel(settings.CostModel(), settings.Text(SinkFactories.DestinationVariable) ?? "unknown")), log),
                ProcessChunk => CreateProcessChunk(settings, log, metrics),
                SubmitBatchJob => CreateSubmit(settings, log, http),
                PollBatchJob => CreatePoll(settings, log, http),
                Aggregate => new AggregateHandler(new AggregateRun(AwsAccess.S3Store(settings.Environment), TimeProvider.System),
                    new AggregateHandlerOptions(settings.WorkBucket, settings.Text(SinkFactories.DestinationVariable) ?? "unknown", settings.Map().ToleratedFailurePercentage), log, metrics),
                _ => throw ConfigurationException.Explained(FunctionSettings.Handler, $"unknown handler '{name}'; use one of {string.Join(", ", Names)}"),
            };
        }
        catch (ArgumentException invalid)
        {
            throw ConfigurationException.From(invalid, FunctionSettings.Handler);
        }
    }

    private static SplitHandler CreateSplit(FunctionSettings settings, JsonLogger log)
    {
        var options = new SplitHandlerOptions(settings.Required(FunctionSettings.WorkBucketSetting), settings.Schema(), settings.Split(), settings.Gate(), settings.Map());
        options.Split.Validate();
        options.Gate.Validate();
        long maxBytes = settings.Long(FunctionSettings.LambdaSplitMaxBytes, FunctionSettings.DefaultLambdaSplitMaxBytes, 0, long.MaxValue);
        IObjectStore store = AwsAccess.S3Store(settings.Environment);
        var split = new SplitRun(store, (s, layout) => new TempFileChunkStaging(s, layout), TimeProvider.System);
        // Parquet.Net is not Native AOT-safe (IL3053 at publish): Parquet objects go to the Batch validation job.
        return new SplitHandler(new BoundedSplit(store, split, maxBytes, splitsParquet: false), store, options, log);
    }

    private static ProcessChunkHandler CreateProcessChunk(FunctionSettings settings, JsonLogger log, MetricsLogger metrics)
    {
        string destination = settings.Required(SinkFactories.DestinationVariable);
        if (destination == Adapters.Sinks.LocalSinkFactory.Stdout)
        {
            // stdout is the function's log: records there would be mixed into it and shipped to CloudWatch.
            throw ConfigurationException.Explained(SinkFactories.DestinationVariable, "stdout is the function's log; use kafka, sqs_core, file or discard");
        }

        ProcessOptions process = settings.Process();
        process.Validate();
        IRecordSinkFactory sinks = SinkFactories.Create(destination, settings.Environment, settings.Text(FunctionSettings.FileOutputDir) ?? FunctionSettings.DefaultFileOutputDir, log);
        var run = new ProcessChunkRun(AwsAccess.S3Store(settings.Environment, log), sinks, process, TimeProvider.System, log);
        return new ProcessChunkHandler(run, sinks, settings.WorkBucket, log, metrics);
    }

    private static SubmitBatchJobHandler CreateSubmit(FunctionSettings settings, JsonLogger log, HttpClient http)
    {
        var batch = new BatchJobSettings(
            settings.Required(FunctionSettings.BatchJobQueue),
            settings.Required(FunctionSettings.BatchProcessingJobDefinition),
            settings.Required(FunctionSettings.BatchValidationJobDefinition),
            settings.WorkBucket,
            settings.Schema());
        IBatchJobs jobs = AwsAccess.BatchClient(settings.Environment, http);
        return new SubmitBatchJobHandler(new SubmitChunkJob(jobs), new SubmitValidationJob(jobs), batch, log);
    }

    private static PollBatchJobHandler CreatePoll(FunctionSettings settings, JsonLogger log, HttpClient http)
    {
        IBatchJobs jobs = AwsAccess.BatchClient(settings.Environment, http);
        IObjectStore store = AwsAccess.S3Store(settings.Environment);
        PollChunkJobOptions poll = settings.Poll();
        return new PollBatchJobHandler(new PollChunkJob(jobs, store, TimeProvider.System, poll), new PollValidationJob(jobs, store, TimeProvider.System, poll),
            new PollHandlerOptions(settings.WorkBucket, settings.Map()), log);
    }
}
