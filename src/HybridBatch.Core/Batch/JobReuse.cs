namespace HybridBatch.Core.Batch;

/// <summary>
/// Finds a job that a retried submit should return instead of starting a second one: same name in the queue,
/// not FAILED, and tagged for the same work. The name narrows the search; the tags decide, because two run ids
/// can shorten to the same name.
/// </summary>
internal static class JobReuse
{
    public static async Task<BatchJob?> FindAsync(IBatchJobs jobs, string queue, string name, Func<IReadOnlyDictionary<string, string>, bool> belongs, CancellationToken cancellationToken)
    {
        IReadOnlyList<BatchJobSummary> named = await jobs.FindByNameAsync(queue, name, cancellationToken).ConfigureAwait(false);
        List<string> candidates = named
            .Where(j => j.JobName == name && j.Status != BatchJobStatus.Failed)
            .Select(j => j.JobId)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        IReadOnlyList<BatchJob> described = await jobs.DescribeAsync(candidates, cancellationToken).ConfigureAwait(false);
        return described
            .Where(j => j.Status != BatchJobStatus.Failed && belongs(j.Tags))
            .OrderByDescending(j => j.Status.IsActive())
            .ThenByDescending(j => j.CreatedAt ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
    }
}
