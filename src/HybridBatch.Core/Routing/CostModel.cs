namespace HybridBatch.Core.Routing;

/// <summary>
/// Estimates what a chunk costs and how long it takes on each route, publishing to one destination: the measured
/// per-core throughput (<see cref="CostModelOptions.PublishRateFor"/>) times the cores the route's worker keeps busy.
/// </summary>
public sealed class CostModel
{
    private readonly CostModelOptions _options;
    private readonly double _ratePerCore;

    /// <param name="options">Prices and throughputs; validated here.</param>
    /// <param name="destination">Where chunks publish (<c>file</c>, <c>kafka</c>, <c>sqs_core</c>, …): picks the throughput.</param>
    public CostModel(CostModelOptions options, string destination)
    {
        options.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        _options = options;
        Destination = destination;
        (_ratePerCore, DestinationMeasured) = options.PublishRateFor(destination);
    }

    public CostModelOptions Options => _options;

    public string Destination { get; }

    /// <summary>False when the destination's publishing was not calibrated: estimates count publishing as free.</summary>
    public bool DestinationMeasured { get; }

    /// <summary>Records per second of one chunk worker with <paramref name="vcpus"/> vCPUs.</summary>
    public double RecordsPerSecond(double vcpus) => _ratePerCore * _options.CoresFor(vcpus);

    public RouteEstimate EstimateLambda(long records)
    {
        double seconds = _options.LambdaStartupSeconds + records / RecordsPerSecond(CostModelOptions.LambdaVcpus(_options.LambdaMemoryMiB));
        double gigabytes = _options.LambdaMemoryMiB / 1024.0;
        double cost = seconds * gigabytes * _options.LambdaPricePerGbSecond + _options.LambdaPricePerRequest;
        return new RouteEstimate(Route.Lambda, seconds, cost, 1, _options.LambdaMemoryMiB);
    }

    public RouteEstimate EstimateBatch(long records)
    {
        int vcpus = BatchVcpus(records);
        double seconds = _options.BatchStartupSeconds + records / RecordsPerSecond(vcpus);
        double cost = seconds / 3600 * vcpus * _options.BatchPricePerVcpuHour;
        return new RouteEstimate(Route.Batch, seconds, cost, vcpus, vcpus * _options.BatchMemoryMiBPerVcpu);
    }

    /// <summary>The job size for a chunk: bigger chunks get bigger jobs, in steps, so a job's memory keeps up.</summary>
    public int BatchVcpus(long records)
    {
        long steps = Math.Max(1, (records + _options.BatchRecordsPerJobStep - 1) / _options.BatchRecordsPerJobStep);
        return (int)Math.Min(_options.BatchMaxVcpus, steps * _options.BatchBaseVcpus);
    }
}
