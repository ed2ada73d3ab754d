namespace HybridBatch.Core.Batch;

/// <summary>How <see cref="PollChunkJob"/> treats a job that waits for capacity.</summary>
public sealed record PollChunkJobOptions
{
    public static readonly TimeSpan DefaultRunnableLimit = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan DefaultCapacityWaitLimit = TimeSpan.FromHours(4);

    /// <summary>
    /// The default of <see cref="TerminateStuckJobs"/> and of <c>TERMINATE_STUCK_JOBS</c> (the catalog shows this one):
    /// true, so a stuck job cannot start later beside its retry.
    /// </summary>
    public const bool DefaultTerminateStuckJobs = true;

    /// <summary>
    /// How long a job may stay RUNNABLE before it is reported STUCK_RUNNABLE. Default 15 minutes: spot capacity
    /// and scaling from 0 vCPUs usually place a job within a few minutes.
    /// </summary>
    public TimeSpan RunnableLimit { get; init; } = DefaultRunnableLimit;

    /// <summary>
    /// How long a job may stay RUNNABLE while Batch reports it waits for instance capacity
    /// (<c>CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY</c>): a spot shortage passes, so it is waited out longer than
    /// <see cref="RunnableLimit"/>. Default 4 hours, the wait AWS's Batch guide gives as its example for that reason.
    /// </summary>
    public TimeSpan CapacityWaitLimit { get; init; } = DefaultCapacityWaitLimit;

    /// <summary>Terminate a job once it is reported STUCK_RUNNABLE, so it cannot start later and run alongside a retry. Default true (<see cref="DefaultTerminateStuckJobs"/>).</summary>
    public bool TerminateStuckJobs { get; init; } = DefaultTerminateStuckJobs;

    public void Validate()
    {
        if (RunnableLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RunnableLimit), RunnableLimit, "RunnableLimit must be positive");
        }

        if (CapacityWaitLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CapacityWaitLimit), CapacityWaitLimit, "CapacityWaitLimit must be positive");
        }
    }
}
