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

    /// <summary>Largest job size. Default 16 vCPUs (a c5.4xlarge, the largest of the template's instance types).</summary>
    public int BatchMaxVcpus { get; init; } = 16;

    /// <summary>
    /// Memory per vCPU of a Batch job. Default 1,792 MiB: a c5 instance has 2,048 MiB installed per vCPU, but Batch
    /// places a job only where that much is available after the kernel's share and the ECS agent's reservation, so a
    /// 4 vCPU / 8,192 MiB job never fits a c5.xlarge and 16 vCPU / 32,768 MiB fits nothing. 4 vCPUs get 7,168 MiB,
    /// 16 vCPUs 28,672 MiB (the job definitions' sizes; <see cref="FitTo"/> derives it for other instance types).
    /// </summary>
    public int BatchMemoryMiBPerVcpu { get; init; } = 1792;

    /// <summary>Job memory is asked for in whole steps of this many MiB.</summary>
    private const int MemoryStepMiB = 256;

    /// <summary>
    /// These options with job sizes every one of <paramref name="instanceTypes"/> can place: no job larger than the
    /// largest type (or the compute environment's <paramref name="computeEnvironmentMaxVcpus"/>), and memory per vCPU
    /// within what each type gives jobs per vCPU, so a job of n vCPUs fits any type with n vCPUs and none idles.
    /// </summary>
    public CostModelOptions FitTo(IReadOnlyCollection<BatchInstanceType> instanceTypes, int? computeEnvironmentMaxVcpus = null)
    {
        ArgumentNullException.ThrowIfNull(instanceTypes);
        if (instanceTypes.Count == 0)
        {
            throw new ArgumentException("BATCH_INSTANCE_TYPES names no instance type", nameof(instanceTypes));
        }

        int largest = Math.Min(instanceTypes.Max(t => t.Vcpus), computeEnvironmentMaxVcpus ?? int.MaxValue);
        int maxVcpus = Math.Min(BatchMaxVcpus, largest);
        int perVcpu = instanceTypes.Min(t => t.JobMemoryMiB / t.Vcpus) / MemoryStepMiB * MemoryStepMiB;
        if (maxVcpus < 1 || perVcpu < MemoryStepMiB)
        {
            throw new ArgumentException($"BATCH_INSTANCE_TYPES ({string.Join(",", instanceTypes.Select(t => t.Name))}) cannot place a job", nameof(instanceTypes));
        }

        return this with
        {
            BatchMaxVcpus = maxVcpus,
            BatchBaseVcpus = Math.Min(BatchBaseVcpus, maxVcpus),
            BatchMemoryMiBPerVcpu = Math.Min(BatchMemoryMiBPerVcpu, perVcpu),
        };
    }

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
