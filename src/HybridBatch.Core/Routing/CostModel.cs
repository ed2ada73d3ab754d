namespace HybridBatch.Core.Routing;

/// <summary>Estimates what a chunk costs and how long it takes on each route.</summary>
public sealed class CostModel
{
    private readonly CostModelOptions _options;

    public CostModel(CostModelOptions options)
    {
        options.Validate();
        _options = options;
    }

    public RouteEstimate EstimateLambda(long records)
    {
        double seconds = _options.LambdaStartupSeconds + records / _options.LambdaRecordsPerSecond;
        double gigabytes = _options.LambdaMemoryMiB / 1024.0;
        double cost = seconds * gigabytes * _options.LambdaPricePerGbSecond + _options.LambdaPricePerRequest;
        return new RouteEstimate(Route.Lambda, seconds, cost, 1, _options.LambdaMemoryMiB);
    }

    public RouteEstimate EstimateBatch(long records)
    {
        // Bigger chunks get bigger jobs, in steps, so a job's duration stays bounded.
        long steps = Math.Max(1, (records + _options.BatchRecordsPerJobStep - 1) / _options.BatchRecordsPerJobStep);
        int vcpus = (int)Math.Min(_options.BatchMaxVcpus, steps * _options.BatchBaseVcpus);
        double seconds = _options.BatchStartupSeconds + records / (_options.BatchRecordsPerSecondPerVcpu * vcpus);
        double cost = seconds / 3600 * vcpus * _options.BatchPricePerVcpuHour;
        return new RouteEstimate(Route.Batch, seconds, cost, vcpus, vcpus * _options.BatchMemoryMiBPerVcpu);
    }
}
