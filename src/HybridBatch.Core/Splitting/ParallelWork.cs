using System.Runtime.ExceptionServices;

namespace HybridBatch.Core.Splitting;

/// <summary>Runs one task per item on the thread pool; the first failure cancels the rest and is the one thrown.</summary>
internal static class ParallelWork
{
    public static async Task ForEachAsync(int count, Func<int, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task[count];
        for (int i = 0; i < count; i++)
        {
            int item = i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    await body(item, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The cause, not a cancellation it set off in another task (WhenAll rethrows whichever faulted first in
            // the array's order).
            Exception cause = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException)
                ?? tasks.First(t => t.IsFaulted || t.IsCanceled).Exception?.InnerException
                ?? new OperationCanceledException();
            ExceptionDispatchInfo.Throw(cause);
        }
    }
}
