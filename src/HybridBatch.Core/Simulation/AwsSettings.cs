namespace HybridBatch.Core.Simulation;

/// <summary>
/// The deployed stack's settings a projection of an AWS run needs. The first group is template.yaml's (parameter
/// defaults and function sizes; a Deploy test keeps them equal); the second are assumptions about the account and
/// the destination that the template does not set, each with its source in docs/performance.md ("Projection of an AWS run").
/// </summary>
public sealed record AwsSettings
{
    /// <summary>template.yaml <c>SplitFunction</c> MemorySize.</summary>
    public int SplitFunctionMemoryMiB { get; init; } = 2048;

    /// <summary>template.yaml Globals MemorySize: the route, submit and poll functions.</summary>
    public int SmallFunctionMemoryMiB { get; init; } = 256;

    /// <summary>template.yaml <c>AggregateFunction</c> MemorySize.</summary>
    public int AggregateFunctionMemoryMiB { get; init; } = 1024;

    /// <summary>
    /// template.yaml parameter <c>LambdaSplitMaxBytes</c>'s default, which is also the split function's default for
    /// <c>LAMBDA_SPLIT_MAX_BYTES</c>: 10 GiB, what the split function's ephemeral storage (/tmp, at most 10 GiB) can
    /// stage of a compressed object. One definition (a Deploy test holds the template to it).
    /// </summary>
    public const long DefaultLambdaSplitMaxBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>template.yaml parameter <c>LambdaSplitMaxBytes</c>: larger objects are split by a Batch validation job.</summary>
    public long LambdaSplitMaxBytes { get; init; } = DefaultLambdaSplitMaxBytes;

    /// <summary>
    /// template.yaml parameter <c>MapMaxConcurrency</c>'s default, which is also the split and poll functions' default
    /// for <c>MAP_MAX_CONCURRENCY</c>: one definition (a Deploy test holds the template to it).
    /// </summary>
    public const int DefaultMapMaxConcurrency = 50;

    /// <summary>template.yaml parameter <c>MapMaxConcurrency</c>: chunks in flight at once.</summary>
    public int MapMaxConcurrency { get; init; } = DefaultMapMaxConcurrency;

    /// <summary>template.yaml parameter <c>BatchMaxVcpus</c>: the compute environment's most vCPUs.</summary>
    public int BatchMaxVcpus { get; init; } = 256;

    /// <summary>template.yaml parameter <c>BatchInstanceTypes</c>: they bound the job sizes.</summary>
    public string BatchInstanceTypes { get; init; } = "c5.4xlarge,c5.2xlarge,c5.xlarge";

    /// <summary>template.yaml parameter <c>RecordDestination</c>.</summary>
    public string RecordDestination { get; init; } = "sqs_core";

    /// <summary>template.yaml parameter <c>StepRecords</c>: a chunk commits (and checkpoints to S3) every so many records.</summary>
    public int StepRecords { get; init; } = Processing.ProcessOptions.DefaultStepRecords;

    /// <summary>The state machine's Wait before each poll of a Batch job (<c>statemachine/hybrid-batch.asl.json</c>).</summary>
    public int PollSeconds { get; init; } = 60;

    /// <summary>The validation job definition's vCPUs.</summary>
    public int ValidationJobVcpus { get; init; } = 4;

    /// <summary>The functions' Timeout (the Lambda maximum).</summary>
    public double LambdaTimeoutSeconds { get; init; } = 900;

    // Assumptions: not in the template.

    /// <summary>Lambda's default concurrency per account and Region (Lambda quotas).</summary>
    public int LambdaAccountConcurrency { get; init; } = 1000;

    /// <summary>A Batch job placed on an instance an earlier job left running: container start, image cached. Assumed 30 s.</summary>
    public double BatchWarmStartSeconds { get; init; } = 30;

    /// <summary>Route, submit or poll invocation, cold start included. Assumed 0.3 s.</summary>
    public double SmallInvocationSeconds { get; init; } = 0.3;

    /// <summary>Whether the SQS queue is FIFO (its URL ends in .fifo): then <see cref="SqsFifoMessagesPerSecond"/> caps it.</summary>
    public bool SqsFifo { get; init; }

    /// <summary>A FIFO queue without high throughput: 300 calls/s × 10 messages per batch (SQS quotas).</summary>
    public double SqsFifoMessagesPerSecond { get; init; } = 3000;

    /// <summary>Partitions of the Kafka topic. Assumed 12.</summary>
    public int KafkaPartitions { get; init; } = 12;

    /// <summary>What one partition takes, MB/s (its leader's share of a broker). Assumed 10 MB/s.</summary>
    public double KafkaPartitionMegabytesPerSecond { get; init; } = 10;

    // Prices, us-east-1 list prices at the time of writing (ANCHORS.md §5.1).

    /// <summary>Step Functions Standard: $0.025 per 1,000 state transitions.</summary>
    public double PricePerStateTransition { get; init; } = 0.000025;

    /// <summary>S3 Standard PUT/POST/LIST: $0.005 per 1,000.</summary>
    public double S3PricePerPut { get; init; } = 0.000005;

    /// <summary>S3 Standard GET: $0.0004 per 1,000.</summary>
    public double S3PricePerGet { get; init; } = 0.0000004;

    /// <summary>SQS standard: $0.40 per million requests (FIFO $0.50), each 64 KiB of a request billed as one.</summary>
    public double SqsPricePerRequest { get; init; } = 0.0000004;

    public double SqsFifoPricePerRequest { get; init; } = 0.0000005;
}
