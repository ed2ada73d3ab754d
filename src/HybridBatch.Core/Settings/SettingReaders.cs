namespace HybridBatch.Core.Settings;

/// <summary>Who reads a setting: each Lambda function (by its handler), each Batch job definition, the local CLI.</summary>
[Flags]
public enum SettingReaders
{
    None = 0,
    Split = 1 << 0,
    Route = 1 << 1,
    ProcessChunk = 1 << 2,
    SubmitBatchJob = 1 << 3,
    PollBatchJob = 1 << 4,
    Aggregate = 1 << 5,

    /// <summary>The Batch validation job: <c>hybridbatch validate</c>.</summary>
    ValidationJob = 1 << 6,

    /// <summary>The Batch processing job: <c>hybridbatch process</c> (also the local run's Batch-route workers).</summary>
    ProcessingJob = 1 << 7,

    /// <summary>The local commands (<c>run</c>, <c>plan</c>, …).</summary>
    LocalRun = 1 << 8,

    Functions = Split | Route | ProcessChunk | SubmitBatchJob | PollBatchJob | Aggregate,
    Jobs = ValidationJob | ProcessingJob,
    Workers = ProcessChunk | ProcessingJob,
}
