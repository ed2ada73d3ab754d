using System.Text.Json;
using HybridBatch.Adapters.Storage;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch validate --bucket B --key K</c>: the split as the Batch validation job runs it, for objects
/// too big for one Lambda pass. Prints the split summary as JSON; exit 3 when the gate fails.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        string bucket = args.Required("bucket");
        string key = args.Required("key");
        string workBucket = args.Text("work-bucket") ?? environment("S3_BUCKET") ?? bucket;
        bool local = args.Flag("local");
        _ = args.Text("run-id"); // Accepted from the job definition; the run id is derived from the object itself.
        EngineSettings settings = EngineSettings.Read(args, environment, defaultChunkRecords: null);
        string? schemaReference = args.Text("schema");

        // As the Batch job runs it, the bucket is in S3; --local makes it a folder on this machine.
        IObjectStore store = local ? new LocalObjectStore() : AwsAccess.S3Store(environment);
        RecordSchema schema = schemaReference is not null && schemaReference.StartsWith("s3://", StringComparison.Ordinal)
            ? await LoadS3SchemaAsync(schemaReference, local ? AwsAccess.S3Store(environment) : store, cancellationToken).ConfigureAwait(false)
            : EngineSettings.LoadSchema(args.Command, schemaReference);
        var request = new SplitRequest(new ObjectLocation(bucket, key), schema, EngineSettings.DetectFormat(args, key), workBucket, settings.Split, settings.Gate);
        args.EnsureNoneLeft(maxPositional: 0);
        SplitResult result = await new SplitRun(store, (s, layout) => new TempFileChunkStaging(s, layout), TimeProvider.System)
            .ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        console.Out.WriteLine(JsonSerializer.Serialize(result.Summary, HybridBatchJson.Default.SplitSummary));
        return result.Summary.GatePassed ? ExitCodes.Success : ExitCodes.ValidationFailed;
    }

    // The validation job gets the function's SCHEMA, which may name an object in S3.
    private static async Task<RecordSchema> LoadS3SchemaAsync(string reference, IObjectStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await SchemaSource.LoadAsync(reference, store, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"validate: --schema: {invalid.Message}");
        }
    }
}
