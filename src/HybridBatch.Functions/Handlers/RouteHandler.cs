using HybridBatch.Core.Logging;
using HybridBatch.Core.Routing;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary><c>route</c>: decides Lambda or Batch for one chunk of the plan, sizes the Batch job, and says why.</summary>
internal sealed class RouteHandler : JsonHandler<RouteEvent, RouteDecision>
{
    private readonly ChunkRouter _router;
    private readonly JsonLogger _log;

    public RouteHandler(ChunkRouter router, JsonLogger log)
        : base(FunctionsJson.Default.RouteEvent, FunctionsJson.Default.RouteDecision)
    {
        _router = router;
        _log = log;
    }

    protected override Task<RouteDecision> HandleAsync(RouteEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        _log.Correlate(LogKeys.RunId, input.RunId);
        _log.Correlate(LogKeys.ChunkId, input.Chunk.ChunkId);
        RouteDecision decision = _router.Decide(input.Chunk);
        _log.Info("Chunk {ChunkId} routed to {Route}: {Reason}", decision.ChunkId, decision.Route, decision.Reason);
        return Task.FromResult(decision);
    }
}
