using System.Globalization;

namespace HybridBatch.Cli.Local;

/// <summary>
/// What happened to the work in flight when a run was stopped: which workers stopped by themselves after SIGTERM and
/// which had to be killed, and how many in-process chunks stopped. Its <see cref="Describe"/> is what the run prints,
/// so "stopped cleanly" is said only when every worker stopped by itself.
/// </summary>
internal sealed class WorkerStops
{
    private readonly List<(int ChunkId, WorkerExit Exit)> _workers = [];
    private int _inProcess;

    public void Worker(int chunkId, WorkerExit exit)
    {
        lock (_workers)
        {
            _workers.Add((chunkId, exit));
        }
    }

    public void InProcess() => Interlocked.Increment(ref _inProcess);

    public string Describe()
    {
        lock (_workers)
        {
            var killed = _workers.Where(w => w.Exit.Killed).ToList();
            string stopped = string.Create(CultureInfo.InvariantCulture,
                $"{_workers.Count - killed.Count} worker(s) stopped ({string.Join(", ", _workers.Where(w => !w.Exit.Killed).Select(w => $"chunk {w.ChunkId}: pid {w.Exit.Pid} exit {w.Exit.ExitCode}"))}), {_inProcess} in-process chunk(s) stopped");
            if (killed.Count == 0)
            {
                return $"stopped cleanly: {stopped}; nothing is publishing; run the same command again to resume";
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"{killed.Count} worker(s) did not stop within {ChildProcessRunner.StopGrace.TotalSeconds:F0} s of SIGTERM and were killed ({string.Join(", ", killed.Select(w => $"chunk {w.ChunkId}: pid {w.Exit.Pid}"))}); {stopped}; all reaped, nothing is publishing; run the same command again to resume");
        }
    }
}
