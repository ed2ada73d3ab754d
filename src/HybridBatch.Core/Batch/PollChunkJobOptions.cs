namespace HybridBatch.Core.Batch;

/// <summary>How <see cref="PollChunkJob"/> treats a job that waits for capacity.</summary>
public sealed record PollChunkJobOptions
{
    public static readonly TimeSpan DefaultRunnableLimit = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a job may stay RUNNABLE before it is reported STUCK_RUNNABLE. Default 15 minutes: spot capacity
    /// and scaling from 0 vCPUs usually place a job within a few minutes.
    /// </summary>
    public TimeSpan RunnableLimit { get; init; } = DefaultRunnableLimit;

    /// <summary>Terminate a job once it is reported STUCK_RUNNABLE, so it cannot start later and run alongside a retry. Default false.</summary>
    public bool TerminateStuckJobs { get; init; }

    public void Validate()
    {
        if (RunnableLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RunnableLimit), RunnableLimit, "RunnableLimit must be positive");
        }
    }
}
