using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Settings;
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
    public const string Handler = SettingNames.Handler;
    public const string WorkBucketSetting = SettingNames.WorkBucket;
    public const string SchemaSetting = SettingNames.Schema;
    public const string LambdaSplitMaxBytes = SettingNames.LambdaSplitMaxBytes;
    public const string MapMaxConcurrency = SettingNames.MapMaxConcurrency;
    public const string ToleratedFailurePercentage = SettingNames.ToleratedFailurePercentage;
    public const string ChunkRecords = SettingNames.ChunkRecords;
    public const string SplitThreads = SettingNames.SplitThreads;

    /// <summary>Set by Lambda: the function's memory size in MB, which decides its vCPUs.</summary>
    public const string LambdaMemorySize = SettingNames.LambdaMemorySize;
    public const string MaxErrorRate = SettingNames.MaxErrorRate;
    public const string MaxRejectedRecords = SettingNames.MaxRejectedRecords;
    public const string BatchProcessingThreshold = SettingNames.BatchProcessingThreshold;
    public const string BatchInstanceTypes = SettingNames.BatchInstanceTypes;
    public const string BatchMaxVcpus = SettingNames.BatchMaxVcpus;
    public const string CostModelFileSetting = SettingNames.CostModelFile;
    public const string KeyField = SettingNames.KeyField;
    public const string FileOutputDir = SettingNames.FileOutputDir;
    public const string BatchJobQueue = SettingNames.BatchJobQueue;
    public const string BatchProcessingJobDefinition = SettingNames.BatchProcessingJobDefinition;
    public const string BatchValidationJobDefinition = SettingNames.BatchValidationJobDefinition;
    public const string StuckRunnableSeconds = SettingNames.StuckRunnableSeconds;
    public const string TerminateStuckJobs = SettingNames.TerminateStuckJobs;
    public const string ServiceName = SettingNames.ServiceName;
    public const string MetricsNamespace = SettingNames.MetricsNamespace;

    /// <summary>Default of <c>LAMBDA_SPLIT_MAX_BYTES</c>: template.yaml's, <see cref="AwsSettings.DefaultLambdaSplitMaxBytes"/> (10 GiB).</summary>
    public const long DefaultLambdaSplitMaxBytes = AwsSettings.DefaultLambdaSplitMaxBytes;

    /// <summary>Default of <c>FILE_OUTPUT_DIR</c>: Lambda's writable /tmp.</summary>
    public const string DefaultFileOutputDir = "/tmp/hybridbatch-output";

    private readonly SettingsReader _reader;

    public FunctionSettings(Func<string, string?> environment)
    {
        _reader = new SettingsReader(environment);
    }

    public Func<string, string?> Environment => _reader.Environment;

    public string? Text(string name) => _reader.Text(name);

    public string Required(string name) => _reader.Required(name);

    public long Long(string name, long defaultValue, long min, long max) => _reader.Long(name, defaultValue, min, max);

    public double Double(string name, double defaultValue, double min, double max) => _reader.Double(name, defaultValue, min, max);

    public bool Bool(string name, bool defaultValue) => _reader.Bool(name, defaultValue);

    /// <summary><c>S3_BUCKET</c>: the work bucket (<c>runs/{runId}/</c>); events may name their own.</summary>
    public string? WorkBucket => Text(WorkBucketSetting);

    /// <summary><c>SCHEMA</c>: the default schema, a sample name or an <c>s3://</c> URI; inputs may name their own.</summary>
    public string? Schema()
    {
        string? schema = Text(SchemaSetting);
        if (schema is not null && !SchemaSource.IsValid(schema, out string? problem))
        {
            throw ConfigurationException.Explained(SchemaSetting, problem!);
        }

        return schema;
    }

    /// <summary><c>MAP_MAX_CONCURRENCY</c> (0 to 10,000, 0 meaning no limit; default template.yaml's, <see cref="AwsSettings.DefaultMapMaxConcurrency"/>) and <c>TOLERATED_FAILURE_PERCENTAGE</c> (0 to 100, default 0).</summary>
    public MapSettings Map() => new(
        (int)Long(MapMaxConcurrency, AwsSettings.DefaultMapMaxConcurrency, 0, 10_000),
        Double(ToleratedFailurePercentage, AggregateRun.DefaultToleratedFailurePercentage, 0, 100));

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
        MaxRejectedRecords = _reader.Long(MaxRejectedRecords, 0, long.MaxValue),
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
            throw ConfigurationException.Explained(BatchInstanceTypes, e.Message);
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
            throw ConfigurationException.Explained(CostModelFileSetting, wrong.Message);
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
            Revalidate = Bool(ProcessOptions.RevalidateVariable, new ProcessOptions().Revalidate),
            CrashAt = crashAt,
        };
    }

    /// <summary><c>STUCK_RUNNABLE_SECONDS</c> (default 900) and <c>TERMINATE_STUCK_JOBS</c> (default true: a stuck job cannot start later beside its retry).</summary>
    public PollChunkJobOptions Poll() => new()
    {
        RunnableLimit = TimeSpan.FromSeconds(Long(StuckRunnableSeconds, (long)PollChunkJobOptions.DefaultRunnableLimit.TotalSeconds, 1, 7 * 24 * 3600)),
        TerminateStuckJobs = Bool(TerminateStuckJobs, PollChunkJobOptions.DefaultTerminateStuckJobs),
    };
}
