using System.Globalization;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Simulation;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;
using HybridBatch.Functions.Events;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// The function's settings (environment variables), each with its default, read and checked once at start-up.
/// A wrong value throws <see cref="ConfigurationException"/> naming the setting, so a bad deployment fails at init
/// (<c>/runtime/init/error</c>), not on the first record.
/// </summary>
internal sealed class FunctionSettings
{
    public const string Handler = "_HANDLER";
    public const string WorkBucketSetting = WorkBuckets.Setting;
    public const string SchemaSetting = "SCHEMA";
    public const string LambdaSplitMaxBytes = "LAMBDA_SPLIT_MAX_BYTES";
    public const string MapMaxConcurrency = "MAP_MAX_CONCURRENCY";
    public const string ToleratedFailurePercentage = "TOLERATED_FAILURE_PERCENTAGE";
    public const string ChunkRecords = "CHUNK_RECORDS";
    public const string SplitThreads = "SPLIT_THREADS";

    /// <summary>Set by Lambda: the function's memory size in MB, which decides its vCPUs.</summary>
    public const string LambdaMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string MaxErrorRate = "MAX_ERROR_RATE";
    public const string MaxRejectedRecords = "MAX_REJECTED_RECORDS";
    public const string BatchProcessingThreshold = "BATCH_PROCESSING_THRESHOLD";
    public const string BatchInstanceTypes = "BATCH_INSTANCE_TYPES";
    public const string BatchMaxVcpus = "BATCH_MAX_VCPUS";
    public const string CostModelFileSetting = "COST_MODEL_FILE";
    public const string KeyField = "KEY_FIELD";
    public const string FileOutputDir = "FILE_OUTPUT_DIR";
    public const string BatchJobQueue = "BATCH_JOB_QUEUE";
    public const string BatchProcessingJobDefinition = "BATCH_PROCESSING_JOB_DEFINITION";
    public const string BatchValidationJobDefinition = "BATCH_VALIDATION_JOB_DEFINITION";
    public const string StuckRunnableSeconds = "STUCK_RUNNABLE_SECONDS";
    public const string TerminateStuckJobs = "TERMINATE_STUCK_JOBS";
    public const string ServiceName = "POWERTOOLS_SERVICE_NAME";
    public const string MetricsNamespace = "POWERTOOLS_METRICS_NAMESPACE";

    /// <summary>Default of <c>LAMBDA_SPLIT_MAX_BYTES</c>: 2 GiB, which one pass reads well within Lambda's 15 minutes.</summary>
    public const long DefaultLambdaSplitMaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Default of <c>FILE_OUTPUT_DIR</c>: Lambda's writable /tmp.</summary>
    public const string DefaultFileOutputDir = "/tmp/hybridbatch-output";

    private readonly Func<string, string?> _environment;

    public FunctionSettings(Func<string, string?> environment)
    {
        _environment = environment;
    }

    public Func<string, string?> Environment => _environment;

    public string? Text(string name) => _environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Required(string name) => Text(name) ?? throw new ConfigurationException(name, "is required");

    public long Long(string name, long defaultValue, long min, long max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return defaultValue;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(name, $"must be a whole number from {min} to {max}, got '{text}'");
    }

    public double Double(string name, double defaultValue, double min, double max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return defaultValue;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(name, $"must be a number from {min} to {max}, got '{text}'");
    }

    public bool Bool(string name, bool defaultValue) => Text(name)?.ToLowerInvariant() switch
    {
        null => defaultValue,
        "true" => true,
        "false" => false,
        string other => throw new ConfigurationException(name, $"must be true or false, got '{other}'"),
    };

    /// <summary><c>S3_BUCKET</c>: the work bucket (<c>runs/{runId}/</c>); events may name their own.</summary>
    public string? WorkBucket => Text(WorkBucketSetting);

    /// <summary><c>SCHEMA</c>: the default schema, a sample name or an <c>s3://</c> URI; inputs may name their own.</summary>
    public string? Schema()
    {
        string? schema = Text(SchemaSetting);
        if (schema is not null && !SchemaSource.IsValid(schema, out string? problem))
        {
            throw new ConfigurationException(SchemaSetting, problem!);
        }

        return schema;
    }

    /// <summary><c>MAP_MAX_CONCURRENCY</c> (0 to 10,000, 0 meaning no limit; default template.yaml's, <see cref="AwsSettings.DefaultMapMaxConcurrency"/>) and <c>TOLERATED_FAILURE_PERCENTAGE</c> (0 to 100, default 0).</summary>
    public MapSettings Map() => new(
        (int)Long(MapMaxConcurrency, AwsSettings.DefaultMapMaxConcurrency, 0, 10_000),
        Double(ToleratedFailurePercentage, 0, 0, 100));

    /// <summary>
    /// <c>CHUNK_RECORDS</c>: records per chunk, default 290,000, the threshold (the same as <c>hybridbatch validate</c>'s);
    /// <c>SPLIT_THREADS</c>: the split's threads (1 to 256), default the vCPUs the function's memory gives.
    /// </summary>
    public SplitOptions Split() => new()
    {
        ChunkRecords = (int)Long(ChunkRecords, new SplitOptions().ChunkRecords, 1, int.MaxValue),
        Threads = (int)Long(SplitThreads, Vcpus(), 1, SplitOptions.MaxThreads),
    };

    /// <summary>
    /// Lambda gives a function one vCPU per 1,769 MB of memory (a share of one below that), up to 6 at 10,240 MB
    /// (<c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>); outside Lambda, this machine's cores.
    /// </summary>
    public int Vcpus()
    {
        if (Text(LambdaMemorySize) is null)
        {
            return new SplitOptions().Threads;
        }

        long megabytes = Long(LambdaMemorySize, 0, 128, 10_240);
        return (int)Math.Clamp((megabytes + 1768) / 1769, 1, 6);
    }

    /// <summary><c>MAX_ERROR_RATE</c> (0 to 1, default 0.01) and <c>MAX_REJECTED_RECORDS</c> (no limit by default).</summary>
    public GateOptions Gate() => new()
    {
        MaxErrorRate = Double(MaxErrorRate, new GateOptions().MaxErrorRate, 0, 1),
        MaxRejectedRecords = Text(MaxRejectedRecords) is null ? null : Long(MaxRejectedRecords, 0, 0, long.MaxValue),
    };

    /// <summary><c>BATCH_PROCESSING_THRESHOLD</c>: chunks of more records go to Batch, default 290,000.</summary>
    public RoutingOptions Routing() => new() { BatchProcessingThreshold = Long(BatchProcessingThreshold, new RoutingOptions().BatchProcessingThreshold, 0, long.MaxValue) };

    /// <summary>
    /// The cost model: <c>COST_MODEL_FILE</c> (a calibration file, <see cref="CostModelFile"/>); else
    /// <c>cost-model.json</c> shipped next to <c>bootstrap</c> (<paramref name="codeFolder"/>, the deployment package);
    /// else the built-in defaults. Then <c>BATCH_INSTANCE_TYPES</c> (the compute environment's types, comma-separated)
    /// and <c>BATCH_MAX_VCPUS</c> (its maxvCpus) fit its job sizes, so every job the route sizes can be placed; unset,
    /// the defaults (which fit the template's default c5 types). A named file that is missing or wrong fails at init.
    /// </summary>
    public CostModelOptions CostModel(string? codeFolder = null)
    {
        CostModelOptions options = CostModelFromFile(codeFolder ?? AppContext.BaseDirectory);
        string? types = Text(BatchInstanceTypes);
        if (types is null)
        {
            return options;
        }

        int maxVcpus = (int)Long(BatchMaxVcpus, int.MaxValue, 1, int.MaxValue);
        try
        {
            return options.FitTo(BatchInstanceType.ParseList(types), maxVcpus);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(BatchInstanceTypes, e.Message);
        }
    }

    private CostModelOptions CostModelFromFile(string codeFolder)
    {
        string? named = Text(CostModelFileSetting);
        string path = named ?? Path.Combine(codeFolder, CostModelFile.FileName);
        if (named is null && !File.Exists(path))
        {
            return new CostModelOptions();
        }

        try
        {
            return CostModelFile.Read(File.ReadAllBytes(path), path);
        }
        catch (Exception wrong) when (wrong is CostModelFileException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(CostModelFileSetting, wrong.Message);
        }
    }

    /// <summary>
    /// <c>KEY_FIELD</c>: the record field whose value keys each message; the record's identity by default.
    /// <c>STEP_RECORDS</c> (default 50,000) and <c>STEP_SECONDS</c> (default 60): a chunk is committed in steps of so
    /// many records or seconds, whichever first. <c>REVALIDATE</c> (default false): validate every record again instead
    /// of skipping the split's listed rejects. <c>HYBRIDBATCH_CRASH_AT</c>: fault tests only, off unless set.
    /// </summary>
    public ProcessOptions Process()
    {
        CrashPoint? crashAt;
        try
        {
            crashAt = CrashPoint.Parse(Text(CrashPoint.Variable));
        }
        catch (ArgumentException invalid)
        {
            throw ConfigurationException.From(invalid, CrashPoint.Variable);
        }

        return new ProcessOptions
        {
            KeyField = Text(KeyField),
            StepRecords = (int)Long(ProcessOptions.StepRecordsVariable, ProcessOptions.DefaultStepRecords, 1, int.MaxValue),
            StepSeconds = Double(ProcessOptions.StepSecondsVariable, ProcessOptions.DefaultStepSeconds, 0.001, 900),
            Revalidate = Bool(ProcessOptions.RevalidateVariable, false),
            CrashAt = crashAt,
        };
    }

    /// <summary><c>STUCK_RUNNABLE_SECONDS</c> (default 900) and <c>TERMINATE_STUCK_JOBS</c> (default true: a stuck job cannot start later beside its retry).</summary>
    public PollChunkJobOptions Poll() => new()
    {
        RunnableLimit = TimeSpan.FromSeconds(Long(StuckRunnableSeconds, (long)PollChunkJobOptions.DefaultRunnableLimit.TotalSeconds, 1, 7 * 24 * 3600)),
        TerminateStuckJobs = Bool(TerminateStuckJobs, true),
    };
}
