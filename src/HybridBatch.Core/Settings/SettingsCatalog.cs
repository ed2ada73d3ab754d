using System.Globalization;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Simulation;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;
using static HybridBatch.Core.Settings.SettingReaders;
using static HybridBatch.Core.Settings.SettingType;

namespace HybridBatch.Core.Settings;

/// <summary>
/// Every environment variable HybridBatch reads, with its type, default, description and readers: the one list that
/// <see cref="SettingsReader"/> holds every read to and that the Deploy tests hold template.yaml's environments to.
/// Defaults of Core settings are taken from their options types; those of adapter settings (Kafka, SQS) are checked
/// against the adapters' options by a test, since Core cannot reference them.
/// </summary>
public static class SettingsCatalog
{
    private static readonly Setting[] s_all =
    [
        // Set by the platform.
        new(SettingNames.Handler, Choice, null, "Which handler bootstrap runs: the function's Handler property.", Functions) { RequiredBy = Functions, SetByPlatform = true },
        new(SettingNames.LambdaFunctionName, Text, null, "The function's name, for the logs.", Functions) { SetByPlatform = true },
        new(SettingNames.LambdaMemorySize, WholeNumber, null, "The function's memory in MB, which decides its vCPUs (the split's threads).", Split) { SetByPlatform = true },
        new(SettingNames.Region, Text, "us-east-1 outside AWS", "The AWS Region (Lambda sets it; the job definitions set it).", Functions | Jobs | LocalRun) { SetByPlatform = true },
        new(SettingNames.EndpointUrl, Text, null, "Endpoint of every AWS service (an emulator).", Functions | Jobs | LocalRun) { SetByPlatform = true },
        new(SettingNames.EndpointUrlS3, Text, null, "Endpoint of S3, before AWS_ENDPOINT_URL.", Functions | Jobs | LocalRun) { SetByPlatform = true },
        new(SettingNames.EndpointUrlSqs, Text, null, "Endpoint of SQS, before AWS_ENDPOINT_URL.", Workers | LocalRun) { SetByPlatform = true },
        new(SettingNames.EndpointUrlBatch, Text, null, "Endpoint of AWS Batch, before AWS_ENDPOINT_URL.", SubmitBatchJob | PollBatchJob) { SetByPlatform = true },
        new(SettingNames.AccessKeyId, Text, null, "Static credentials; else the role's.", Functions | Jobs | LocalRun) { SetByPlatform = true },
        new(SettingNames.SecretAccessKey, Text, null, "Static credentials; else the role's.", Functions | Jobs | LocalRun) { SetByPlatform = true, Secret = true },
        new(SettingNames.SessionToken, Text, null, "Static credentials; else the role's.", Functions | Jobs | LocalRun) { SetByPlatform = true, Secret = true },
        new(SettingNames.BatchJobId, Text, null, "The Batch job running this worker, for its result and logs.", Jobs) { SetByPlatform = true },
        new(SettingNames.BatchJobAttempt, WholeNumber, "1", "The attempt at the chunk.", ProcessingJob) { SetByPlatform = true },
        new(SettingNames.BatchJobArrayIndex, WholeNumber, null, "The chunk of an array job.", ProcessingJob) { SetByPlatform = true },

        // Every function.
        new(SettingNames.ServiceName, Text, "hybridbatch", "The service field of every log line and metric.", Functions | Jobs),
        new(SettingNames.MetricsNamespace, Text, "HybridBatch", "The CloudWatch namespace of the metrics (the alarms and dashboard read it).", Functions),
        new(SettingNames.DeadlineMarginMs, WholeNumber, "2000", "Time kept free before the invocation's deadline to cancel and report a timeout (100 to 60,000).", Functions),

        // The run.
        new(SettingNames.WorkBucket, Text, null, "The work bucket (runs/{runId}/); events may name their own.", Split | ProcessChunk | SubmitBatchJob | PollBatchJob | Aggregate | Jobs | LocalRun) { RequiredBy = Split },
        new(SettingNames.Schema, Text, null, "The default schema: a sample name or an s3:// URI; inputs may name their own.", Split | SubmitBatchJob),
        new(SettingNames.LambdaSplitMaxBytes, WholeNumber, Invariant(AwsSettings.DefaultLambdaSplitMaxBytes), "Larger objects are split by a Batch validation job (Lambda's /tmp holds at most 10 GiB).", Split),
        new(SettingNames.MapMaxConcurrency, WholeNumber, Invariant(AwsSettings.DefaultMapMaxConcurrency), "Chunks in flight at once (0 to 10,000; 0 = no limit).", Split | PollBatchJob),
        new(SettingNames.ToleratedFailurePercentage, Number, Invariant(AggregateRun.DefaultToleratedFailurePercentage), "Share of chunks that may fail before the run fails (0 to 100).", Split | PollBatchJob | Aggregate),
        new(SettingNames.ChunkRecords, WholeNumber, Invariant(SplitOptions.DefaultChunkRecords), "Records per chunk.", Split),
        new(SettingNames.SplitThreads, WholeNumber, "the function's vCPUs", $"The split's threads (1 to {SplitOptions.MaxThreads}).", Split),
        new(SettingNames.MaxErrorRate, Number, Invariant(new GateOptions().MaxErrorRate), "Largest share of rejected records that passes the gate (0 to 1).", Split),
        new(SettingNames.MaxRejectedRecords, WholeNumber, null, "Largest number of rejected records that passes the gate; unset, no count limit.", Split),
        new(SettingNames.BatchProcessingThreshold, WholeNumber, Invariant(Routing.RoutingOptions.DefaultBatchProcessingThreshold), "Chunks of more records run on Batch.", SettingReaders.Route | LocalRun),
        new(SettingNames.BatchInstanceTypes, List, null, "The compute environment's instance types; job sizes are fitted to them.", SettingReaders.Route),
        new(SettingNames.BatchMaxVcpus, WholeNumber, null, "The compute environment's maxvCpus; job sizes are fitted to it.", SettingReaders.Route),
        new(SettingNames.CostModelFile, Text, "cost-model.json next to bootstrap, else the built-in calibration", "A calibration file (hybridbatch calibrate).", SettingReaders.Route),
        new(SettingNames.BatchJobQueue, Text, null, "The Batch job queue.", SubmitBatchJob) { RequiredBy = SubmitBatchJob },
        new(SettingNames.BatchProcessingJobDefinition, Text, null, "The processing job definition.", SubmitBatchJob) { RequiredBy = SubmitBatchJob },
        new(SettingNames.BatchValidationJobDefinition, Text, null, "The validation job definition.", SubmitBatchJob) { RequiredBy = SubmitBatchJob },
        new(SettingNames.StuckRunnableSeconds, WholeNumber, Invariant((long)PollChunkJobOptions.DefaultRunnableLimit.TotalSeconds), "How long a job may wait RUNNABLE before it is stuck.", PollBatchJob),
        new(SettingNames.TerminateStuckJobs, SettingType.Boolean, Invariant(PollChunkJobOptions.DefaultTerminateStuckJobs), "Whether a stuck job is terminated (it cannot then start beside its retry).", PollBatchJob),

        // Processing a chunk.
        new(SettingNames.RecordDestination, Choice, "file (local commands)", "Where records go: kafka, sqs_core, file, discard (stdout locally).", SettingReaders.Route | ProcessChunk | Aggregate | ProcessingJob | LocalRun) { RequiredBy = ProcessChunk },
        new(SettingNames.KeyField, Text, null, "The record field whose value keys each message; unset, the record's identity.", ProcessChunk),
        new(SettingNames.FileOutputDir, Text, "/tmp/hybridbatch-output", "Where the file destination writes in Lambda.", ProcessChunk),
        new(SettingNames.StepRecords, WholeNumber, Invariant(ProcessOptions.DefaultStepRecords), "A chunk commits every so many records.", Workers | LocalRun),
        new(SettingNames.StepSeconds, Number, Invariant(ProcessOptions.DefaultStepSeconds), "… or every so many seconds, whichever first.", Workers | LocalRun),
        new(SettingNames.Revalidate, SettingType.Boolean, Invariant(new ProcessOptions().Revalidate), "Validate every record again instead of skipping the split's listed rejects.", Workers | LocalRun),
        new(SettingNames.CrashAt, Text, null, "Fault tests only: where a worker kills (or freezes) itself.", Workers | LocalRun),
        new(SettingNames.Debug, Text, null, "1 prints the .NET stack trace of an unexpected error.", Jobs | LocalRun),

        // Destinations.
        new(SettingNames.KafkaBrokers, List, null, "Bootstrap brokers, host:port (kafka destination: required).", Workers | LocalRun),
        new(SettingNames.KafkaTopic, Text, null, "The topic every record goes to (kafka destination: required).", Workers | LocalRun),
        new(SettingNames.KafkaSecurity, Choice, "plaintext", "plaintext, scram or iam.", Workers | LocalRun),
        new(SettingNames.KafkaUsername, Text, null, "The SCRAM user (scram only).", Workers | LocalRun),
        new(SettingNames.KafkaPassword, Text, null, "The SCRAM password (scram only).", Workers | LocalRun) { Secret = true },
        new(SettingNames.KafkaCompression, Choice, "lz4", "none, gzip, snappy, lz4 or zstd.", Workers | LocalRun),
        new(SettingNames.KafkaLingerMs, WholeNumber, "5", "How long a partial batch waits for more messages (0 to 900,000).", Workers | LocalRun),
        new(SettingNames.KafkaBatchBytes, WholeNumber, "1048576", "Most bytes in one partition's batch.", Workers | LocalRun),
        new(SettingNames.KafkaTransactions, SettingType.Boolean, "true", "Publish each step in one transaction (exactly once for read_committed consumers).", Workers | LocalRun),
        new(SettingNames.KafkaTransactionTimeoutMs, WholeNumber, "900000", "How long one step's transaction may stay open.", Workers | LocalRun),
        new(SettingNames.KafkaLibrdkafka, Text, null, "Path of a librdkafka build to use instead of the bundled one.", Workers | LocalRun),
        new(SettingNames.KafkaControlTopic, Text, "{KAFKA_TOPIC}.hybridbatch", "The compacted topic of the chunks' completion records.", Workers | LocalRun),
        new(SettingNames.KafkaMockCluster, SettingType.Boolean, "false", "The brokers are librdkafka's mock cluster (local runs and tests).", Workers | LocalRun),
        new(SettingNames.SqsQueue, Text, null, "The queue URL (sqs_core destination: required).", Workers | LocalRun),
        new(SettingNames.SqsGroupField, Text, null, "FIFO queues: the record field whose value is the message group.", Workers | LocalRun),
        new(SettingNames.SqsMaxMessageBytes, WholeNumber, "1048576", "Largest message, attributes included (1,024 to 1,048,576, SQS's limit; set a queue's smaller MaximumMessageSize).", Workers | LocalRun),
    ];

    private static readonly Dictionary<string, Setting> s_byName = s_all.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every setting, in the order of the flow.</summary>
    public static IReadOnlyList<Setting> All => s_all;

    /// <summary>The setting named <paramref name="name"/>; a name outside the catalog is a bug, so it throws.</summary>
    public static Setting Get(string name) => s_byName.TryGetValue(name, out Setting? setting)
        ? setting
        : throw new InvalidOperationException($"{name} is not in the settings catalog (src/HybridBatch.Core/Settings/SettingsCatalog.cs)");

    /// <summary>Whether <paramref name="name"/> is in the catalog.</summary>
    public static bool Contains(string name) => s_byName.ContainsKey(name);

    /// <summary>The settings <paramref name="reader"/> reads.</summary>
    public static IEnumerable<Setting> ReadBy(SettingReaders reader) => s_all.Where(s => (s.ReadBy & reader) != 0);

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    // As SettingsReader reads it: "true" or "false", not bool.ToString()'s "True".
    private static string Invariant(bool value) => value ? "true" : "false";
}
