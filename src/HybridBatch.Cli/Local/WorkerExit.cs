namespace HybridBatch.Cli.Local;

/// <summary>How one <c>hybridbatch process</c> worker ended.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="ExitCode">Its exit code; 128 + N when signal N ended it (137: SIGKILL).</param>
/// <param name="Error">Its own error message (its first <c>error:</c> line), or the last line it wrote; null when silent.</param>
/// <param name="AskedToStop">The run was stopping, so the worker was sent SIGTERM.</param>
/// <param name="Killed">It did not stop within the grace period after SIGTERM and was killed (SIGKILL).</param>
internal sealed record WorkerExit(int Pid, int ExitCode, string? Error, bool AskedToStop, bool Killed);
