using HybridBatch.Core.Batch;
using HybridBatch.Core.Schema;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Hosting;

namespace HybridBatch.Functions.Handlers;

/// <summary>
/// The submit function's Batch settings (<c>BATCH_JOB_QUEUE</c>, <c>BATCH_PROCESSING_JOB_DEFINITION</c>,
/// <c>BATCH_VALIDATION_JOB_DEFINITION</c>) and its defaults for what an event leaves out (<c>S3_BUCKET</c>,
/// <c>SCHEMA</c>), and how they combine with an event into a use case's request.
/// </summary>
internal sealed record BatchJobSettings(string JobQueue, string ProcessingJobDefinition, string ValidationJobDefinition, string? WorkBucket, string? Schema)
{
    public SubmitChunkJobRequest ProcessRequest(SubmitBatchJobEvent input) => new()
    {
        RunId = input.RunId,
        Chunk = input.Chunk ?? throw new InvalidEventException("a process job needs the chunk"),
        Route = input.Route ?? throw new InvalidEventException("a process job needs the chunk's route"),
        Bucket = input.Bucket,
        Key = input.Key,
        WorkBucket = WorkBucketOf(input.WorkBucket),
        JobQueue = JobQueue,
        JobDefinition = ProcessingJobDefinition,
    };

    public SubmitValidationJobRequest ValidationRequest(SubmitBatchJobEvent input) => new()
    {
        RunId = input.RunId,
        Bucket = input.Bucket,
        Key = input.Key,
        WorkBucket = WorkBucketOf(input.WorkBucket),
        // Neither: no --schema, so the job validates as the split function does without one (RecordSchema.NamesNoSchema).
        Schema = RecordSchema.NamesNoSchema(input.Schema) ? Schema : input.Schema,
        Format = input.Format,
        JobQueue = JobQueue,
        JobDefinition = ValidationJobDefinition,
    };

    private string WorkBucketOf(string? eventWorkBucket) =>
        WorkBuckets.Resolve(eventWorkBucket, WorkBucket);
}
