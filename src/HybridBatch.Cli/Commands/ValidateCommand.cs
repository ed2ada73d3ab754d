using HybridBatch.Core.Json;
using System.Text;
using HybridBatch.Adapters.Storage;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Telemetry;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch validate --bucket B --key K</c>: the split as the Batch validation job runs it, for objects
/// too big for one Lambda pass. Prints the split summary as JSON; exit 3 when the gate fails. With
/// <c>--run-id</c> (the job definition passes the run the state machine started) the object must still be the
/// one that run id was derived from: an object overwritten since fails closed with exit 4, before anything is
/// written, instead of validating the newer object under another run's name.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ValidationJobArguments job = ValidationJobArguments.Bind(args);
        string bucket = job.Bucket;
        string key = job.Key;
        string workBucket = job.WorkBucket ?? new SettingsReader(environment).Text(SettingNames.WorkBucket) ?? bucket;
        bool local = job.Local;
        string? expectedRunId = job.RunId;
        (SplitOptions splitOptions, Core.Validation.GateOptions gate) = EngineSettings.ReadSplit(args, defaultChunkRecords: null);
        string? schemaReference = job.Schema;

        // The same JSON lines as the Lambda functions write, to standard error (S3 retries, with their attempt).
        JsonLogger log = WorkerJsonLog.Create(console, environment);
        if (expectedRunId is not null)
        {
            log.Correlate(LogKeys.RunId, expectedRunId);
        }

        // As the Batch job runs it, the bucket is in S3; --local makes it a folder on this machine.
        IObjectStore store = local ? new LocalObjectStore() : AwsAccess.S3Store(environment, log);
        RecordSchema schema = schemaReference is not null && schemaReference.StartsWith("s3://", StringComparison.Ordinal)
            ? await LoadS3SchemaAsync(schemaReference, local ? AwsAccess.S3Store(environment, log) : store, EngineSettings.ReadFormatAssertion(args), cancellationToken).ConfigureAwait(false)
            : EngineSettings.LoadSchema(args, schemaReference);
        if (schema.ConstrainsNothing)
        {
            log.Info("Schema {Schema}: " + RecordSchema.NoSchemaNotice, schema.Name);
        }

        if (schema.UnknownKeywordsWarning is { } warning)
        {
            console.Log.WriteLine($"warning: {warning}");
        }

        var source = new ObjectLocation(bucket, key);
        var request = new SplitRequest(source, schema, EngineSettings.DetectFormat(args, key), workBucket, splitOptions, gate);
        args.EnsureNoneLeft();
        if (local)
        {
            // The same checks as 'run' gives its input and its --out: a folder here, not a bucket.
            LocalPaths.Input(args.Command, LocalObjectStore.PathOf(source));
            LocalPaths.OutputFolder(args.Command, "--work-bucket", workBucket);
        }
        if (expectedRunId is not null)
        {
            ObjectInfo info = await store.StatAsync(source, cancellationToken).ConfigureAwait(false)
                ?? throw new FileNotFoundException($"input not found: {source}");
            string foundRunId = RunId.Derive(info);
            if (foundRunId != expectedRunId)
            {
                console.Log.WriteLine($"error: object changed: {source} was submitted as run {expectedRunId}, but the object there now is run {foundRunId} (version {info.Version}); nothing was validated");
                return ExitCodes.ChunkFailed;
            }

            // Pinned to the version checked above, so an overwrite from here on fails the split as well.
            request = request with { ExpectedVersion = info.Version };
        }

        SplitResult result = await new SplitRun(store, (s, layout) => new TempFileChunkStaging(s, layout), TimeProvider.System)
            .ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        log.Correlate(LogKeys.RunId, result.Summary.RunId);
        SplitSummaryLog.Write(log, source, result.Summary, needsBatchValidation: false);
        console.Out.WriteLine(Encoding.UTF8.GetString(MinimalJsonEncoder.SerializeToUtf8Bytes(result.Summary, HybridBatchJson.Default.SplitSummary)));
        return result.Summary.GatePassed ? ExitCodes.Success : ExitCodes.ValidationFailed;
    }

    // The validation job gets the function's SCHEMA, which may name an object in S3.
    private static async Task<RecordSchema> LoadS3SchemaAsync(string reference, IObjectStore store, FormatAssertion formatAssertion, CancellationToken cancellationToken)
    {
        try
        {
            return EngineSettings.WarnUnknownFormats(await SchemaSource.LoadAsync(reference, store, formatAssertion, cancellationToken).ConfigureAwait(false));
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"validate: --schema: {invalid.Message}");
        }
    }
}
