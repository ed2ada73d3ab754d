using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Routing;
using HybridBatch.Functions.Handlers;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// Builds the handler that the function's <c>Handler</c> setting (<c>_HANDLER</c>) names, with its clients,
/// once, at start-up. Every setting is checked here, so a bad one fails the init, naming it.
/// </summary>
internal static class HandlerFactory
{
    public const string HandlerSetting = "_HANDLER";

    public static IReadOnlyList<string> Names { get; } = ["route", "poll-batch-job"];

    public static IFunctionHandler Create(FunctionSettings settings, JsonLogger log, HttpClient http)
    {
        string name = settings.Required(HandlerSetting);
        try
        {
            return name switch
            {
                "route" => new RouteHandler(new ChunkRouter(Routing(settings), new CostModel(new CostModelOptions())), log),
                "poll-batch-job" => new PollBatchJobHandler(
                    new PollChunkJob(AwsAccess.BatchClient(settings.Environment, http), AwsAccess.S3Store(settings.Environment), TimeProvider.System), log),
                _ => throw new ConfigurationException(HandlerSetting, $"unknown handler '{name}'; use one of {string.Join(", ", Names)}"),
            };
        }
        catch (ArgumentException invalid)
        {
            throw new ConfigurationException(invalid.ParamName ?? HandlerSetting, invalid.Message);
        }
    }

    private static RoutingOptions Routing(FunctionSettings settings) => new()
    {
        BatchProcessingThreshold = settings.Long("BATCH_PROCESSING_THRESHOLD", 290_000, 1, long.MaxValue),
    };
}
