using System.CommandLine;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// What <c>hybridbatch validate</c> is told about its input and run, as the Batch validation job's <c>Command</c>
/// (template.yaml) passes it: bound from the parse in one place, which a deploy test binds the template's command
/// through. The split's settings (<c>--chunk-records</c>, <c>--max-error-rate</c>, …) are <see cref="EngineSettings"/>'.
/// </summary>
internal sealed record ValidationJobArguments
{
    public required string Bucket { get; init; }

    public required string Key { get; init; }

    /// <summary>The run the state machine started; null when validating outside a run.</summary>
    public string? RunId { get; init; }

    /// <summary>Null: from <c>S3_BUCKET</c>, else <see cref="Bucket"/>.</summary>
    public string? WorkBucket { get; init; }

    /// <summary>A sample name, a file, or an <c>s3://</c> object.</summary>
    public string? Schema { get; init; }

    /// <summary>The buckets are folders on this machine.</summary>
    public bool Local { get; init; }

    public static ValidationJobArguments Bind(CommandArguments args) => new()
    {
        Bucket = args.Required(Name(WorkerOptions.Bucket)),
        Key = args.Required(Name(WorkerOptions.Key)),
        RunId = args.Text(Name(WorkerOptions.RunId)),
        WorkBucket = args.Text(Name(WorkerOptions.WorkBucket)),
        Schema = args.Text(Name(EngineOptions.Schema)),
        Local = args.Flag(Name(WorkerOptions.Local)),
    };

    private static string Name(Option option) => option.Name[2..];
}
