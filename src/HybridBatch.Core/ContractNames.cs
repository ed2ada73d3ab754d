using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Json;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;

namespace HybridBatch.Core;

/// <summary>
/// The wire names of the contract enums that are printed outside JSON (report tables, log lines, dictionary keys,
/// job parameters), read from their attributes so there is no second spelling.
/// </summary>
public static class ContractNames
{
    private static readonly WireNames<Route> s_routes = new(HybridBatchJson.Default.Route);
    private static readonly WireNames<ChunkStatus> s_chunkStatuses = new(HybridBatchJson.Default.ChunkStatus);
    private static readonly WireNames<RunStatus> s_runStatuses = new(HybridBatchJson.Default.RunStatus);

    public static WireNames<Route> Routes => s_routes;

    public static WireNames<ChunkStatus> ChunkStatuses => s_chunkStatuses;

    public static WireNames<RunStatus> RunStatuses => s_runStatuses;

    /// <summary><c>lambda</c> or <c>batch</c>.</summary>
    public static string WireName(this Route route) => s_routes.Name(route);

    /// <summary><c>succeeded</c> or <c>failed</c>.</summary>
    public static string WireName(this ChunkStatus status) => s_chunkStatuses.Name(status);

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>validation_failed</c>.</summary>
    public static string WireName(this RunStatus status) => s_runStatuses.Name(status);
}
