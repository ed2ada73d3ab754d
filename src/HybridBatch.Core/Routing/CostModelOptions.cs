namespace HybridBatch.Core.Routing;

/// <summary>
/// Unit prices and throughput assumptions of the cost model. Prices are AWS list prices for us-east-1 (x86)
/// at the time of writing; throughputs are per worker publishing to Kafka or SQS and should be calibrated
/// with a real run. Every value can be overridden.
/// </summary>
public sealed record CostModelOptions
{
    /// <summary>Lambda memory; 1,769 MiB buys one full vCPU. Default 1769.</summary>
    public int LambdaMemoryMiB { get; init; } = 1769;

    /// <summary>USD per GB-second of Lambda duration. Default 0.0000166667.</summary>
    public double LambdaPricePerGbSecond { get; init; } = 0.0000166667;

    /// <summary>USD per Lambda request. Default 0.0000002 ($0.20 per million).</summary>
    public double LambdaPricePerRequest { get; init; } = 0.0000002;

    /// <summary>Records one Lambda invocation publishes per second. Default 25,000.</summary>
    public double LambdaRecordsPerSecond { get; init; } = 25_000;

    /// <summary>Cold start and set-up per invocation. Default 0.2 s.</summary>
    public double LambdaStartupSeconds { get; init; } = 0.2;

    /// <summary>USD per vCPU-hour of a spot c5 instance (memory included). Default 0.02.</summary>
    public double BatchPricePerVcpuHour { get; init; } = 0.02;

    /// <summary>Queueing, instance start and image pull before a job runs. Default 180 s.</summary>
    public double BatchStartupSeconds { get; init; } = 180;

    /// <summary>Records a Batch job publishes per second per vCPU. Default 20,000.</summary>
    public double BatchRecordsPerSecondPerVcpu { get; init; } = 20_000;

    /// <summary>vCPUs of a Batch job for up to <see cref="BatchRecordsPerJobStep"/> records. Default 4.</summary>
    public int BatchBaseVcpus { get; init; } = 4;

    /// <summary>Every further this many records add <see cref="BatchBaseVcpus"/> vCPUs. Default 2,000,000.</summary>
    public long BatchRecordsPerJobStep { get; init; } = 2_000_000;

    /// <summary>Largest job size. Default 16 vCPUs (c5.4xlarge).</summary>
    public int BatchMaxVcpus { get; init; } = 16;

    /// <summary>Memory per vCPU of a Batch job. Default 2,048 MiB (4 vCPUs, 8 GiB as in the job definition).</summary>
    public int BatchMemoryMiBPerVcpu { get; init; } = 2048;

    public void Validate()
    {
        Positive(LambdaMemoryMiB, nameof(LambdaMemoryMiB));
        Positive(LambdaRecordsPerSecond, nameof(LambdaRecordsPerSecond));
        Positive(BatchRecordsPerSecondPerVcpu, nameof(BatchRecordsPerSecondPerVcpu));
        Positive(BatchBaseVcpus, nameof(BatchBaseVcpus));
        Positive(BatchRecordsPerJobStep, nameof(BatchRecordsPerJobStep));
        Positive(BatchMemoryMiBPerVcpu, nameof(BatchMemoryMiBPerVcpu));
        if (BatchMaxVcpus < BatchBaseVcpus)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchMaxVcpus), BatchMaxVcpus, "BatchMaxVcpus must be at least BatchBaseVcpus");
        }

        if (LambdaPricePerGbSecond < 0 || LambdaPricePerRequest < 0 || BatchPricePerVcpuHour < 0 || LambdaStartupSeconds < 0 || BatchStartupSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CostModelOptions), "prices and start-up times must not be negative");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
        }
    }
}
