namespace HybridBatch.Core.Batch;

/// <summary>
/// A run's split and validation as an AWS Batch job, for an object too large for one Lambda pass. The job
/// definition runs <c>hybridbatch validate</c> with the parameters <c>runId</c>, <c>bucket</c>, <c>key</c>,
/// <c>workBucket</c> and, when given, <c>schema</c> and <c>format</c>.
/// </summary>
public sealed record SubmitValidationJobRequest
{
    public required string RunId { get; init; }

    /// <summary>Bucket of the input object.</summary>
    public required string Bucket { get; init; }

    /// <summary>Key of the input object.</summary>
    public required string Key { get; init; }

    /// <summary>Where the job writes <c>runs/{runId}/</c> (plan, validation report, summary).</summary>
    public required string WorkBucket { get; init; }

    /// <summary>The schema reference (a sample name or an <c>s3://</c> URI); null leaves it to the job definition.</summary>
    public string? Schema { get; init; }

    /// <summary><c>jsonl</c> or <c>csv</c>; null lets the job tell from the key.</summary>
    public string? Format { get; init; }

    public required string JobQueue { get; init; }

    public required string JobDefinition { get; init; }

    /// <summary>Fails with an error that names the bad field.</summary>
    public void Validate()
    {
        Require(RunId, nameof(RunId));
        Require(Bucket, nameof(Bucket));
        Require(Key, nameof(Key));
        Require(WorkBucket, nameof(WorkBucket));
        Require(JobQueue, nameof(JobQueue));
        Require(JobDefinition, nameof(JobDefinition));
        if (Format is not null && Records.RecordFormatText.TryParse(Format) is null)
        {
            throw new ArgumentException($"Format must be {Records.RecordFormatText.Choices}, got '{Format}'", nameof(Format));
        }
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is empty", name);
        }
    }
}
