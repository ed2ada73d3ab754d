namespace HybridBatch.Cli.Local;

/// <summary>Who holds a run's lock (<c>runs/{runId}.lock.owner</c>), for the message a second run prints.</summary>
internal sealed record RunLockOwner(int Pid, DateTimeOffset Since, string Command);
