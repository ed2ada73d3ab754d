using System.Text.Json.Serialization;

namespace HybridBatch.Core.Routing;

/// <summary>
/// Unit prices, measured throughputs and start-up times of the cost model. Prices are AWS list prices for us-east-1
/// (x86) at the time of writing. Throughputs are records per second on one core of this build, measured by
/// <c>hybridbatch calibrate</c> (which writes these options as a JSON file, <see cref="CostModelFile"/>); the defaults
/// are one such calibration (<see cref="Calibration"/> says which). A Lambda function or Batch job gets them times the
/// cores it can use (<see cref="CoresFor"/>). Every value can be overridden.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CostModelOptions
{
    /// <summary>Lambda gives one full vCPU per 1,769 MB of memory, pro rata (Lambda developer guide, "memory and computing power").</summary>
    public const int LambdaMiBPerVcpu = 1769;

    /// <summary>Memory of the process-chunk function; default 3,008 MiB, template.yaml's <c>ProcessChunkFunction</c> (about 1.7 vCPUs).</summary>
    public int LambdaMemoryMiB { get; init; } = 3008;

    /// <summary>USD per GB-second of Lambda duration. Default 0.0000166667.</summary>
    public double LambdaPricePerGbSecond { get; init; } = 0.0000166667;

    /// <summary>USD per Lambda request. Default 0.0000002 ($0.20 per million).</summary>
    public double LambdaPricePerRequest { get; init; } = 0.0000002;

    /// <summary>Cold start and set-up per invocation. Default 0.2 s (Native AOT cold starts are 0.1 to 0.2 s).</summary>
    public double LambdaStartupSeconds { get; init; } = 0.2;

    /// <summary>
    /// Records one core frames and counts per second, nothing else (the floor of any pass over the data). Measured;
    /// informational: neither route does less than this per record.
    /// </summary>
    public double ScanRecordsPerSecondPerCore { get; init; } = DefaultCalibration.ScanRecordsPerSecondPerCore;

    /// <summary>Records one core splits per second: frame, validate against the schema, count, plan. Measured.</summary>
    public double ValidateRecordsPerSecondPerCore { get; init; } = DefaultCalibration.ValidateRecordsPerSecondPerCore;

    /// <summary>Records one chunk worker processes per second into the discarding sink: read, frame, skip, build messages. Measured.</summary>
    public double ProcessRecordsPerSecondPerCore { get; init; } = DefaultCalibration.ProcessRecordsPerSecondPerCore;

    /// <summary>
    /// Records one chunk worker processes and publishes per second, per destination (<c>file</c>, <c>kafka</c>,
    /// <c>sqs_core</c>, …): the whole worker, as <c>run</c> runs it. A destination not listed falls back to
    /// <see cref="ProcessRecordsPerSecondPerCore"/> (publishing then counts as free: <see cref="PublishRateFor"/> says so).
    /// </summary>
    public IReadOnlyDictionary<string, double> PublishRecordsPerSecondPerCore { get; init; } = DefaultCalibration.PublishRecordsPerSecondPerCore;

    /// <summary>
    /// Threads one chunk's worker keeps busy. Default 1: a chunk is framed, built and handed to the sink on one thread
    /// (a Kafka producer's own threads aside), so a Batch job or Lambda function with more vCPUs is not faster per chunk.
    /// </summary>
    public int ChunkWorkerThreads { get; init; } = 1;

    /// <summary>Threads the split keeps busy. Default 1: the split reads and validates the object on one thread.</summary>
    public int SplitThreads { get; init; } = 1;

    /// <summary>Start of a <c>hybridbatch</c> process on this machine (a local run, each local Batch-route worker). Measured.</summary>
    public double ProcessStartupSeconds { get; init; } = DefaultCalibration.ProcessStartupSeconds;

    /// <summary>Where and when the throughputs were measured; null when set by hand.</summary>
    public CostCalibration? Calibration { get; init; } = DefaultCalibration.Calibration;

    /// <summary>USD per vCPU-hour of a spot c5 instance (memory included). Default 0.02.</summary>
    public double BatchPricePerVcpuHour { get; init; } = 0.02;

    /// <summary>Queueing, instance start and image pull before a job runs. Default 180 s.</summary>
    public double BatchStartupSeconds { get; init; } = 180;

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

    /// <summary>Cores a worker of <paramref name="vcpus"/> vCPUs keeps busy with one chunk: at most <see cref="ChunkWorkerThreads"/>.</summary>
    public double CoresFor(double vcpus) => Math.Min(vcpus, ChunkWorkerThreads);

    /// <summary>vCPUs of a Lambda function of <paramref name="memoryMiB"/> MiB (pro rata, at most 6).</summary>
    public static double LambdaVcpus(int memoryMiB) => Math.Min(6.0, (double)memoryMiB / LambdaMiBPerVcpu);

    /// <summary>
    /// Records per second per core of a chunk worker publishing to <paramref name="destination"/>, and whether that
    /// destination was measured (false: <see cref="ProcessRecordsPerSecondPerCore"/>, publishing counted as free).
    /// </summary>
    public (double RecordsPerSecond, bool Measured) PublishRateFor(string destination) =>
        PublishRecordsPerSecondPerCore.TryGetValue(destination, out double rate) ? (rate, true) : (ProcessRecordsPerSecondPerCore, false);

    public void Validate()
    {
        Positive(LambdaMemoryMiB, nameof(LambdaMemoryMiB));
        Positive(ScanRecordsPerSecondPerCore, nameof(ScanRecordsPerSecondPerCore));
        Positive(ValidateRecordsPerSecondPerCore, nameof(ValidateRecordsPerSecondPerCore));
        Positive(ProcessRecordsPerSecondPerCore, nameof(ProcessRecordsPerSecondPerCore));
        Positive(ChunkWorkerThreads, nameof(ChunkWorkerThreads));
        Positive(SplitThreads, nameof(SplitThreads));
        ArgumentNullException.ThrowIfNull(PublishRecordsPerSecondPerCore, nameof(PublishRecordsPerSecondPerCore));
        foreach ((string destination, double rate) in PublishRecordsPerSecondPerCore)
        {
            Positive(rate, $"{nameof(PublishRecordsPerSecondPerCore)}.{destination}");
        }

        Positive(BatchBaseVcpus, nameof(BatchBaseVcpus));
        Positive(BatchRecordsPerJobStep, nameof(BatchRecordsPerJobStep));
        Positive(BatchMemoryMiBPerVcpu, nameof(BatchMemoryMiBPerVcpu));
        if (BatchMaxVcpus < BatchBaseVcpus)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchMaxVcpus), BatchMaxVcpus, "BatchMaxVcpus must be at least BatchBaseVcpus");
        }

        if (LambdaPricePerGbSecond < 0 || LambdaPricePerRequest < 0 || BatchPricePerVcpuHour < 0 || LambdaStartupSeconds < 0 || BatchStartupSeconds < 0 || ProcessStartupSeconds < 0)
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
