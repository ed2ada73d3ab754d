using HybridBatch.Functions.Events;

namespace HybridBatch.Functions.Handlers;

/// <summary>The poll function's defaults (<c>S3_BUCKET</c>) and the Map's limits it adds to a validation job's split answer.</summary>
internal sealed record PollHandlerOptions(string? WorkBucket, MapSettings Map);
