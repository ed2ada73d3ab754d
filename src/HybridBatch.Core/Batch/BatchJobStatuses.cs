namespace HybridBatch.Core.Batch;

/// <summary>The wire names of <see cref="BatchJobStatus"/> (<c>RUNNABLE</c>, …) and what each status means for a chunk.</summary>
public static class BatchJobStatuses
{
    /// <summary>The name Batch uses on the wire, e.g. <c>RUNNABLE</c>.</summary>
    public static string ToWire(this BatchJobStatus status) => status switch
    {
        BatchJobStatus.Submitted => "SUBMITTED",
        BatchJobStatus.Pending => "PENDING",
        BatchJobStatus.Runnable => "RUNNABLE",
        BatchJobStatus.Starting => "STARTING",
        BatchJobStatus.Running => "RUNNING",
        BatchJobStatus.Succeeded => "SUCCEEDED",
        BatchJobStatus.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown Batch job status"),
    };

    /// <summary>Parses a wire name; an unknown one fails, so a new Batch status is never mistaken for success.</summary>
    public static BatchJobStatus Parse(string wire) => wire switch
    {
        "SUBMITTED" => BatchJobStatus.Submitted,
        "PENDING" => BatchJobStatus.Pending,
        "RUNNABLE" => BatchJobStatus.Runnable,
        "STARTING" => BatchJobStatus.Starting,
        "RUNNING" => BatchJobStatus.Running,
        "SUCCEEDED" => BatchJobStatus.Succeeded,
        "FAILED" => BatchJobStatus.Failed,
        _ => throw new FormatException($"unknown AWS Batch job status '{wire}'"),
    };

    /// <summary>True until the job has SUCCEEDED or FAILED.</summary>
    public static bool IsActive(this BatchJobStatus status) => status is not (BatchJobStatus.Succeeded or BatchJobStatus.Failed);
}
