using System.Globalization;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Routing;

/// <summary>Decides, per chunk, between Lambda and Batch, and says why.</summary>
public sealed class ChunkRouter
{
    private readonly RoutingOptions _options;
    private readonly CostModel _costs;

    public ChunkRouter(RoutingOptions options, CostModel costs)
    {
        options.Validate();
        _options = options;
        _costs = costs;
    }

    public RouteDecision Decide(ChunkPlanEntry chunk)
    {
        RouteEstimate lambda = _costs.EstimateLambda(chunk.Records);
        RouteEstimate batch = _costs.EstimateBatch(chunk.Records);
        double budget = _options.LambdaTimeoutSeconds * (1 - _options.LambdaTimeoutMargin);
        (RouteEstimate chosen, string reason) = _options.Policy == RoutingPolicy.Threshold
            ? ByThreshold(chunk.Records, lambda, batch, budget)
            : ByCost(lambda, batch, budget);
        if (chunk.FirstRowGroup is not null && !_options.LambdaReadsParquet)
        {
            (chosen, reason) = (batch, "Parquet chunk: batch (the Lambda worker, Native AOT, does not read Parquet)");
        }

        return new RouteDecision
        {
            ChunkId = chunk.ChunkId,
            Route = chosen.Route,
            Policy = _options.Policy,
            Reason = reason,
            Records = chunk.Records,
            EstimatedSeconds = chosen.Seconds,
            EstimatedCostUsd = chosen.CostUsd,
            Vcpus = chosen.Vcpus,
            MemoryMiB = chosen.MemoryMiB,
            Alternative = chosen.Route == Route.Lambda ? batch : lambda,
        };
    }

    private (RouteEstimate, string) ByThreshold(long records, RouteEstimate lambda, RouteEstimate batch, double budget)
    {
        if (records > _options.BatchProcessingThreshold)
        {
            return (batch, Format($"{records:N0} records > threshold {_options.BatchProcessingThreshold:N0}: batch"));
        }

        string warning = lambda.Seconds > budget
            ? Format($" (estimated {lambda.Seconds:N0} s is over {budget:N0} s of the Lambda timeout: lower the threshold)")
            : "";
        return (lambda, Format($"{records:N0} records <= threshold {_options.BatchProcessingThreshold:N0}: lambda{warning}"));
    }

    private static (RouteEstimate, string) ByCost(RouteEstimate lambda, RouteEstimate batch, double budget)
    {
        if (lambda.Seconds > budget)
        {
            return (batch, Format($"lambda would take an estimated {lambda.Seconds:N0} s, over the {budget:N0} s budget: batch"));
        }

        return lambda.CostUsd <= batch.CostUsd
            ? (lambda, Format($"lambda ${lambda.CostUsd:F6} <= batch ${batch.CostUsd:F6} and fits the timeout: lambda"))
            : (batch, Format($"batch ${batch.CostUsd:F6} < lambda ${lambda.CostUsd:F6}: batch"));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
