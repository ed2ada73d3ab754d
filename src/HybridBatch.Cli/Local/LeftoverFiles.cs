namespace HybridBatch.Cli.Local;

/// <summary>
/// Removes what a worker that died mid-write leaves in a local run folder: the object store's uncommitted writes
/// (<c>*.tmp-{pid}-*</c>, named after the writer's pid) and the file destination's unfinished parts of its chunk
/// (<c>chunk-NNNNN*.partial-*</c>). A worker that fails normally removes its own; SIGKILL gives it no chance.
/// </summary>
internal static class LeftoverFiles
{
    public static int Remove(RunTarget target, string runId, int chunkId, int pid)
    {
        if (target.Store is not Adapters.Storage.LocalObjectStore)
        {
            return 0;
        }

        int removed = 0;
        string runFolder = Path.Combine(target.WorkBucket, "runs", runId);
        removed += Delete(runFolder, $"*.tmp-{pid}-*");
        removed += Delete(target.OutputFolder(runId), $"chunk-{chunkId:D5}*.partial-*");
        return removed;
    }

    private static int Delete(string folder, string pattern)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
        {
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Gone already, or not ours to remove: the next run's clean-up tries again.
            }
        }

        return removed;
    }
}
