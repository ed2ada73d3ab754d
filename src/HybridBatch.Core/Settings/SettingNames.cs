namespace HybridBatch.Core.Settings;

/// <summary>
/// The names of the environment variables HybridBatch reads: the one spelling, used by the catalog
/// (<see cref="SettingsCatalog"/>) and by every type that reads one.
/// </summary>
public static class SettingNames
{
    // Set by the platform (Lambda, Batch) or the AWS SDK's conventions.
    public const string Handler = "_HANDLER";
    public const string LambdaFunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string LambdaMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string Region = "AWS_REGION";
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string EndpointUrlS3 = "AWS_ENDPOINT_URL_S3";
    public const string EndpointUrlSqs = "AWS_ENDPOINT_URL_SQS";
    public const string EndpointUrlBatch = "AWS_ENDPOINT_URL_BATCH";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";
    public const string BatchJobId = "AWS_BATCH_JOB_ID";
    public const string BatchJobAttempt = "AWS_BATCH_JOB_ATTEMPT";
    public const string BatchJobArrayIndex = "AWS_BATCH_JOB_ARRAY_INDEX";

    // Every function.
    public const string ServiceName = "POWERTOOLS_SERVICE_NAME";
    public const string MetricsNamespace = "POWERTOOLS_METRICS_NAMESPACE";
    public const string DeadlineMarginMs = "DEADLINE_MARGIN_MS";

    // The run.
    public const string WorkBucket = "S3_BUCKET";
    public const string Schema = "SCHEMA";
    public const string LambdaSplitMaxBytes = "LAMBDA_SPLIT_MAX_BYTES";
    public const string MapMaxConcurrency = "MAP_MAX_CONCURRENCY";
    public const string ToleratedFailurePercentage = "TOLERATED_FAILURE_PERCENTAGE";
    public const string ChunkRecords = "CHUNK_RECORDS";
    public const string SplitThreads = "SPLIT_THREADS";
    public const string MaxErrorRate = "MAX_ERROR_RATE";
    public const string MaxRejectedRecords = "MAX_REJECTED_RECORDS";
    public const string BatchProcessingThreshold = "BATCH_PROCESSING_THRESHOLD";
    public const string BatchInstanceTypes = "BATCH_INSTANCE_TYPES";
    public const string BatchMaxVcpus = "BATCH_MAX_VCPUS";
    public const string CostModelFile = "COST_MODEL_FILE";
    public const string BatchJobQueue = "BATCH_JOB_QUEUE";
    public const string BatchProcessingJobDefinition = "BATCH_PROCESSING_JOB_DEFINITION";
    public const string BatchValidationJobDefinition = "BATCH_VALIDATION_JOB_DEFINITION";
    public const string StuckRunnableSeconds = "STUCK_RUNNABLE_SECONDS";
    public const string TerminateStuckJobs = "TERMINATE_STUCK_JOBS";

    // Processing a chunk.
    public const string RecordDestination = "RECORD_DESTINATION";
    public const string KeyField = "KEY_FIELD";
    public const string FileOutputDir = "FILE_OUTPUT_DIR";
    public const string StepRecords = "STEP_RECORDS";
    public const string StepSeconds = "STEP_SECONDS";
    public const string Revalidate = "REVALIDATE";
    public const string CrashAt = "HYBRIDBATCH_CRASH_AT";
    public const string Debug = "HYBRIDBATCH_DEBUG";

    // Destinations.
    public const string KafkaBrokers = "KAFKA_BROKERS";
    public const string KafkaTopic = "KAFKA_TOPIC";
    public const string KafkaSecurity = "KAFKA_SECURITY";
    public const string KafkaUsername = "KAFKA_USERNAME";
    public const string KafkaPassword = "KAFKA_PASSWORD";
    public const string KafkaCompression = "KAFKA_COMPRESSION";
    public const string KafkaLingerMs = "KAFKA_LINGER_MS";
    public const string KafkaBatchBytes = "KAFKA_BATCH_BYTES";
    public const string KafkaTransactions = "KAFKA_TRANSACTIONS";
    public const string KafkaTransactionTimeoutMs = "KAFKA_TRANSACTION_TIMEOUT_MS";
    public const string KafkaLibrdkafka = "KAFKA_LIBRDKAFKA";
    public const string KafkaControlTopic = "KAFKA_CONTROL_TOPIC";
    public const string KafkaMockCluster = "KAFKA_MOCK_CLUSTER";
    public const string SqsQueue = "SQS_CORE_QUEUE";
    public const string SqsGroupField = "SQS_CORE_GROUP_FIELD";
    public const string SqsMaxMessageBytes = "SQS_CORE_MAX_MESSAGE_BYTES";
}
