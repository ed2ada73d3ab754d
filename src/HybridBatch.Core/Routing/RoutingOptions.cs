namespace HybridBatch.Core.Routing;

/// <summary>Routing settings with their defaults; <see cref="Validate"/> names a bad one.</summary>
public sealed record RoutingOptions
{
    /// <summary>The replaced system's threshold, kept: chunks of at most 290,000 records run on Lambda.</summary>
    public const long DefaultBatchProcessingThreshold = 290_000;

    /// <summary>Chunks of at most this many records go to Lambda. Env <c>BATCH_PROCESSING_THRESHOLD</c>; default 290,000.</summary>
    public long BatchProcessingThreshold { get; init; } = DefaultBatchProcessingThreshold;

    public RoutingPolicy Policy { get; init; } = RoutingPolicy.Threshold;

    /// <summary>The Lambda function's timeout. Default 900 s (the Lambda maximum).</summary>
    public double LambdaTimeoutSeconds { get; init; } = 900;

    /// <summary>Share of the timeout kept free under the cost policy. Default 0.2: estimates must fit in 80 %.</summary>
    public double LambdaTimeoutMargin { get; init; } = 0.2;

    /// <summary>
    /// Whether the Lambda worker may process Parquet chunks. True where every worker runs the JIT-compiled CLI
    /// (<c>run</c>); the Lambda host sets false: its Native AOT <c>bootstrap</c> does not run Parquet.Net (README,
    /// "Where Parquet runs"), so a Parquet chunk always goes to Batch.
    /// </summary>
    public bool LambdaReadsParquet { get; init; } = true;

    public void Validate()
    {
        if (BatchProcessingThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchProcessingThreshold), BatchProcessingThreshold, "BATCH_PROCESSING_THRESHOLD (--threshold) must not be negative");
        }

        if (LambdaTimeoutSeconds is <= 0 or > 900)
        {
            throw new ArgumentOutOfRangeException(nameof(LambdaTimeoutSeconds), LambdaTimeoutSeconds, "LambdaTimeoutSeconds must be in (0, 900]");
        }

        if (LambdaTimeoutMargin is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LambdaTimeoutMargin), LambdaTimeoutMargin, "LambdaTimeoutMargin must be in [0, 1)");
        }
    }
}
