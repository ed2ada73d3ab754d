using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Local;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Commands;

/// <summary><c>hybridbatch run FILE</c> and <c>hybridbatch plan FILE</c>.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, bool planOnly, CancellationToken cancellationToken)
    {
        string file = args.Positional.FirstOrDefault()
            ?? throw new UsageException($"{args.Command}: name the file, e.g. 'hybridbatch {args.Command} orders.jsonl --schema orders'");
        (LocalKafka? kafka, Func<string, string?> effective) = planOnly ? (null, environment) : StartLocalKafka(args, environment, console);
        using (kafka)
        {
            LocalRunRequest request = BuildRequest(args, file, effective, defaultChunkRecords: null) with
            {
                PlanOnly = planOnly,
                SimulateAws = planOnly ? AwsSimulationRequest.Read(args) : null,
            };
            args.EnsureNoneLeft();
            (int exitCode, RunReport? report) = await RunLocalAsync(args.Command, request, console, effective, cancellationToken).ConfigureAwait(false);
            return VerifyLocalKafka(kafka, report, console, exitCode);
        }
    }

    /// <summary>A local Kafka cluster when the destination is Kafka and <c>KAFKA_BROKERS</c> is not set.</summary>
    public static (LocalKafka? Kafka, Func<string, string?> Environment) StartLocalKafka(CommandArguments args, Func<string, string?> environment, CliConsole console) =>
        LocalKafka.StartIfNeeded(args.Text("destination") ?? new SettingsReader(environment).Text(SettingNames.RecordDestination) ?? LocalSinkFactory.File, environment, console.Log);

    /// <summary>After a run on a local Kafka cluster: the topic must hold exactly the published records.</summary>
    public static int VerifyLocalKafka(LocalKafka? kafka, RunReport? report, CliConsole console, int exitCode) =>
        kafka is null || report is null || report.Status != RunStatus.Succeeded || kafka.Verify(report, console.Out) ? exitCode : ExitCodes.ChunkFailed;

    /// <summary>The local run a command line asks for: its target, settings, schema and format, checked.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="file">The input: a path or an <c>s3://</c> URI.</param>
    /// <param name="environment">Where the settings come from.</param>
    /// <param name="defaultChunkRecords">The command's own default of <c>--chunk-records</c>, or null for the threshold.</param>
    /// <param name="input">
    /// The schema and format when the command decides them itself (demo: its own orders in JSON Lines, so no input
    /// options); null reads <c>--schema</c> and the input options.
    /// </param>
    public static LocalRunRequest BuildRequest(CommandArguments args, string file, Func<string, string?> environment, int? defaultChunkRecords,
        (RecordSchema Schema, InputFormat Format)? input = null)
    {
        EngineSettings settings = EngineSettings.Read(args, environment, defaultChunkRecords);
        Destinations.Check(args.Command, settings.Destination);

        int lambdaConcurrency = args.Int("lambda-concurrency") ?? Environment.ProcessorCount;
        int batchConcurrency = args.Int("batch-concurrency") ?? 2;
        if (lambdaConcurrency < 1 || batchConcurrency < 1)
        {
            throw new UsageException($"{args.Command}: --lambda-concurrency and --batch-concurrency must be at least 1");
        }

        // Only the settings here; the paths are checked once the whole command line is known to be right.
        string outDir = LocalPaths.FolderPath(args.Command, "--out", args.Text("out", "out"));
        string destination = settings.Destination;
        RunTarget target = S3Input(file) is { } s3Input
            ? S3Target(s3Input, args.Text("work-bucket") ?? new SettingsReader(environment).Text(SettingNames.WorkBucket) ?? s3Input.Bucket, outDir, environment)
            : LocalTarget(LocalPaths.InputPath(args.Command, file), outDir);
        return new LocalRunRequest
        {
            Target = target,
            Sinks = runId => Destinations.Create(destination, environment, target.OutputFolder(runId)),
            WorkerEnvironment = WorkerEnvironment.Capture(environment),
            Schema = input?.Schema ?? EngineSettings.LoadSchema(args, args.Text("schema")),
            Format = input?.Format ?? EngineSettings.DetectFormat(args, file),
            Settings = settings,
            LambdaConcurrency = lambdaConcurrency,
            BatchConcurrency = batchConcurrency,
            Force = args.Flag("force"),
            CostModel = CostModelChoice.Resolve(args.Command, args.Text("cost-model"), outDir),
        };
    }

    private static ObjectLocation? S3Input(string file)
    {
        try
        {
            return AwsAccess.ParseS3Uri(file);
        }
        catch (FormatException malformed)
        {
            throw new UsageException(malformed.Message);
        }
    }

    /// <summary>A file on this machine; the run's files under <paramref name="outDir"/>.</summary>
    public static RunTarget LocalTarget(string file, string outDir)
    {
        string path = Path.GetFullPath(file);
        return new RunTarget(new LocalObjectStore(), new ObjectLocation(Path.GetDirectoryName(path)!, Path.GetFileName(path)), outDir, outDir);
    }

    /// <summary>An object in S3 (or the endpoint in <c>AWS_ENDPOINT_URL_S3</c>); the run's files in <paramref name="workBucket"/>.</summary>
    public static RunTarget S3Target(ObjectLocation input, string workBucket, string outDir, Func<string, string?> environment) =>
        new(AwsAccess.S3Store(environment), input, workBucket, outDir);

    public static async Task<(int ExitCode, RunReport? Report)> RunLocalAsync(string command, LocalRunRequest request, CliConsole console,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        LocalPaths.OutputFolder(command, "--out", request.Target.LocalOutputRoot);
        if (request.Target.Store is LocalObjectStore)
        {
            LocalPaths.Input(command, LocalObjectStore.PathOf(request.Target.Source));
        }
        else if (await request.Target.Store.StatAsync(request.Target.Source, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new UsageException($"input not found: {request.Target.Describe(request.Target.Source)}");
        }

        if (request.Schema.ConstrainsNothing)
        {
            // First, before anything is read: a run that checks nothing must not look like one that checked.
            console.Log.WriteLine($"note: {RecordSchema.NoSchemaNotice}");
        }

        if (request.Schema.UnknownKeywordsWarning is { } warning)
        {
            console.Log.WriteLine($"warning: {warning}");
        }

        LocalRunOutcome? outcome = await new LocalRunner(console.Log, WorkerJsonLog.Create(console, environment), console.Interactive).RunAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            return (ExitCodes.Success, null);
        }

        RunReport report = outcome.Report;
        if (outcome.AlreadyComplete)
        {
            // Its report as it was stored; this run published nothing, so there is nothing of its own to check.
            (request.Settings.Destination == LocalSinkFactory.Stdout ? console.Log : console.Out).Write(ReportTable.Render(report));
            return (ExitCodes.Success, null);
        }
        // With --destination stdout the records own standard output; the report goes with the logs.
        TextWriter output = request.Settings.Destination == LocalSinkFactory.Stdout ? console.Log : console.Out;
        var layout = new RunLayout(request.Target.WorkBucket, report.RunId);
        output.Write(ReportTable.Render(report));
        output.WriteLine($"Report:  {request.Target.Describe(layout.Report)}");
        if (request.Settings.Destination == LocalSinkFactory.File)
        {
            output.WriteLine($"Records: {request.Target.OutputFolder(report.RunId)}{Path.DirectorySeparatorChar}");
        }

        if (report.WithoutKeyField > 0)
        {
            // Once per run, not per record: the count says how far the fallback reached.
            console.Log.WriteLine(report.WithoutKeyField == report.Published
                ? $"warning: no published record has the key field '{request.Settings.Process.KeyField}' (--key-field): every key is the record's identity (runId:index)"
                : $"warning: {report.WithoutKeyField:N0} of {report.Published:N0} published records lack the key field '{request.Settings.Process.KeyField}' (--key-field): their key is the record's identity (runId:index)");
        }

        if (report.FailedChunks.FirstOrDefault(c => c.Error.StartsWith(nameof(StorageFullException) + ":", StringComparison.Ordinal)) is { } full)
        {
            // The documented exit for a full disk, whichever write met it (a chunk's output, its result, the report).
            console.Log.WriteLine($"error: chunk {full.ChunkId}: {full.Error[(nameof(StorageFullException).Length + 2)..]}; what was committed before is kept: free space there, then run the same command again");
            return (ExitCodes.InternalError, report);
        }

        int exitCode = report.Status switch
        {
            RunStatus.Succeeded => ExitCodes.Success,
            RunStatus.ValidationFailed => ExitCodes.ValidationFailed,
            _ when outcome.FailedTransiently => ExitCodes.Retryable,
            _ => ExitCodes.ChunkFailed,
        };
        if (exitCode == ExitCodes.Retryable)
        {
            console.Log.WriteLine($"error: {report.FailedChunks.Count} chunk(s) failed for reasons another attempt can fix (transient, killed, interrupted or never reported); run the same command again to resume them (transient: worth another attempt)");
        }

        return (exitCode, report);
    }
}
