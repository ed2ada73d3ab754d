namespace HybridBatch.Functions.Handlers;

/// <summary>The aggregate function's settings: <c>S3_BUCKET</c>, <c>RECORD_DESTINATION</c> (for the report) and <c>TOLERATED_FAILURE_PERCENTAGE</c>.</summary>
internal sealed record AggregateHandlerOptions(string? WorkBucket, string Destination, double ToleratedFailurePercentage);
