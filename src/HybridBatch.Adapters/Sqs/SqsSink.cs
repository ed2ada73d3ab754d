using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// One chunk's messages to SQS: batches of up to 10 entries and 1 MiB, several requests in flight. Entries SQS
/// lists as failed are resent (only those) with exponential backoff and full jitter; sender faults and entries
/// still failing after the last attempt fail the chunk, naming the records. Nothing failed is ever dropped.
/// A step is committed when SQS has acknowledged every entry written in it; the checkpoint Core then writes is what a
/// retry resumes from, so a crash resends at most the step it was in (each message carries its identity for consumers
/// to drop those duplicates by, and FIFO queues drop them within their 5-minute deduplication interval).
/// </summary>
internal sealed class SqsSink : IRecordSink
{
    private readonly IAmazonSQS _sqs;
    private readonly SqsSinkOptions _options;
    private readonly ChunkContext _context;
    private readonly ILog _log;
    private readonly string? _chunkGroup;
    private readonly byte[]? _groupField;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sends = [];
    private readonly ConcurrentQueue<SqsEntryFailure> _failures = new();
    private List<SqsEntry> _batch;
    private int _batchBytes;

    // Entries handed to SQS in the current step, and those it acknowledged: a step commits only when they match.
    private long _stepDispatched;
    private long _stepDelivered;
    private bool _disposed;

    public SqsSink(IAmazonSQS sqs, SqsSinkOptions options, ChunkContext context, ILog log)
    {
        _sqs = sqs;
        _options = options;
        _context = context;
        _log = log;
        _slots = new SemaphoreSlim(options.MaxInFlightRequests, options.MaxInFlightRequests);
        _batch = new List<SqsEntry>(options.MaxBatchEntries);
        if (options.IsFifo)
        {
            _chunkGroup = FifoIds.Safe(string.Create(CultureInfo.InvariantCulture, $"{context.RunId}-{context.ChunkId}"));
            _groupField = options.GroupField is null ? null : Encoding.UTF8.GetBytes(options.GroupField);
        }
    }

    public async ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        for (int i = 0; i < batch.Count; i++)
        {
            SqsEntry entry = Copy(batch[i]);
            if (entry.Size > _options.MaxMessageBytes)
            {
                var failure = new SqsEntryFailure(entry.RecordIndex, "MessageTooLarge",
                    $"the message is {entry.Size} bytes with its attributes, over the limit of {_options.MaxMessageBytes} ({SqsSinkOptions.MaxMessageBytesVariable}); "
                    + "sending large records through S3 is not implemented", Attempts: 0, FailureClass.ChunkDataFailure);
                _failures.Enqueue(failure);
                ThrowIfFailed();
            }

            if (_batch.Count == _options.MaxBatchEntries || _batchBytes + entry.Size > _options.MaxBatchBytes)
            {
                await DispatchAsync(cancellationToken).ConfigureAwait(false);
            }

            _batch.Add(entry);
            _batchBytes += entry.Size;
        }
    }

    /// <summary>
    /// Always null. SQS keeps nothing a sender can read back (no log of what was sent, no transaction to attach a
    /// checkpoint to; receiving would consume the consumers' messages), so the checkpoint in the work bucket, written
    /// after each committed step, is the only record of how far a chunk got.
    /// </summary>
    public ValueTask<ChunkCheckpoint?> RecoverAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ChunkCheckpoint?>(null);

    /// <summary>
    /// Returns when SQS has acknowledged every entry written since the last step, failed entries resent as always (or
    /// throws why not: a step never completes with an entry unaccounted for); the sink stays usable for the next step.
    /// </summary>
    public async ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        if (_batch.Count > 0)
        {
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }

        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _stop))
        {
            await Task.WhenAll(_sends).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfFailed();
        long delivered = Interlocked.Read(ref _stepDelivered);
        if (delivered != _stepDispatched)
        {
            // Every send ends with its entries delivered or failed; should one ever end otherwise, the step must not count.
            throw new SqsPublishException(
                $"SQS acknowledged {delivered} of the {_stepDispatched} messages of step {reached.Step} of chunk {_context.ChunkId} (run {_context.RunId}) on {_options.QueueUrl}, "
                + "and reported no failure for the others; the step is not committed",
                [], "Unacknowledged", FailureClass.Transient);
        }

        _sends.Clear();
        _stepDispatched = 0;
        Interlocked.Exchange(ref _stepDelivered, 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // A chunk abandoned half way (an exception in the caller) stops its retries rather than publish on.
        _stop.Cancel();
        try
        {
            await Task.WhenAll(_sends).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each send records its own failure; the caller already has the reason it stopped.
        }

        _stop.Dispose();
        _slots.Dispose();
    }

    private SqsEntry Copy(OutboundMessage message)
    {
        string body = Encoding.UTF8.GetString(message.Value.Span);
        string? group = null;
        string? deduplication = null;
        if (_chunkGroup is not null)
        {
            group = (_groupField is null ? null : FifoIds.GroupFromField(message.Value.Span, _groupField)) ?? _chunkGroup;
            deduplication = FifoIds.DeduplicationId(_context.RunId, message.RecordIndex);
        }

        return new SqsEntry(message.RecordIndex, body, Encoding.UTF8.GetString(message.Key.Span), _context.RunId, _context.Source, group, deduplication);
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        // Back-pressure: the reader waits here while every request slot is busy.
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        List<SqsEntry> entries = _batch;
        _batch = new List<SqsEntry>(_options.MaxBatchEntries);
        _batchBytes = 0;
        _stepDispatched += entries.Count;
        _sends.RemoveAll(static task => task.IsCompletedSuccessfully);
        _sends.Add(SendAsync(entries));
    }

    private async Task SendAsync(List<SqsEntry> entries)
    {
        try
        {
            List<SqsEntry> pending = entries;
            for (int attempt = 1; ; attempt++)
            {
                pending = await SendOnceAsync(pending, attempt).ConfigureAwait(false);
                if (pending.Count == 0)
                {
                    return;
                }

                if (attempt == _options.MaxAttempts)
                {
                    foreach (SqsEntry entry in pending)
                    {
                        _failures.Enqueue(entry.LastFailure! with { Attempts = attempt });
                    }

                    return;
                }

                // Throttling and SQS faults are otherwise invisible until the last attempt fails the chunk.
                _log.Warning("SQS SendMessageBatch of chunk {ChunkId}: {Entries} entries not delivered on attempt {Attempt} ({ErrorCode}); sending them again",
                    _context.ChunkId, pending.Count, attempt, pending[0].LastFailure?.Code);
                await Task.Delay(Backoff(attempt), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            // Cancelled, or something unforeseen: the entries are not known to be delivered, so they fail.
            foreach (SqsEntry entry in entries.Where(e => !e.Delivered))
            {
                _failures.Enqueue(new SqsEntryFailure(entry.RecordIndex, error is OperationCanceledException ? "Cancelled" : error.GetType().Name, error.Message, 0,
                    FailureTaxonomy.Classify(error)));
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Sends the entries once; returns those worth another attempt.</summary>
    private async Task<List<SqsEntry>> SendOnceAsync(List<SqsEntry> entries, int attempt)
    {
        var request = new SendMessageBatchRequest
        {
            QueueUrl = _options.QueueUrl,
            Entries = entries.Select((entry, i) => entry.ToRequestEntry(i.ToString(CultureInfo.InvariantCulture))).ToList(),
        };

        SendMessageBatchResponse response;
        try
        {
            response = await _sqs.SendMessageBatchAsync(request, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (!_stop.IsCancellationRequested && IsTransient(error))
        {
            (string code, string message) = Describe(error);
            foreach (SqsEntry entry in entries)
            {
                entry.LastFailure = new SqsEntryFailure(entry.RecordIndex, code, message, attempt, FailureClass.Transient);
            }

            return entries;
        }
        catch (AmazonServiceException error) when (!_stop.IsCancellationRequested)
        {
            // The whole request was refused for a reason a retry cannot fix (bad queue URL, access denied, …).
            foreach (SqsEntry entry in entries)
            {
                _failures.Enqueue(new SqsEntryFailure(entry.RecordIndex, error.ErrorCode ?? error.StatusCode.ToString(), error.Message, attempt,
                    FailureClass.Configuration));
            }

            return [];
        }

        var retry = new List<SqsEntry>();
        var answered = new bool[entries.Count];
        foreach (SendMessageBatchResultEntry ok in response.Successful ?? [])
        {
            if (TryEntry(ok.Id, entries.Count, out int index))
            {
                answered[index] = true;
                if (!entries[index].Delivered)
                {
                    entries[index].Delivered = true;
                    Interlocked.Increment(ref _stepDelivered);
                }
            }
        }

        foreach (BatchResultErrorEntry failed in response.Failed ?? [])
        {
            if (!TryEntry(failed.Id, entries.Count, out int index) || answered[index])
            {
                continue;
            }

            answered[index] = true;
            SqsEntry entry = entries[index];
            var failure = new SqsEntryFailure(entry.RecordIndex, failed.Code ?? "Unknown", failed.Message ?? "no reason given", attempt,
                failed.SenderFault == true ? FailureClass.ChunkDataFailure : FailureClass.Transient);
            if (failed.SenderFault == true)
            {
                // The message itself is wrong (invalid characters, bad attribute): sending it again cannot help.
                _failures.Enqueue(failure);
            }
            else
            {
                entry.LastFailure = failure;
                retry.Add(entry);
            }
        }

        for (int i = 0; i < entries.Count; i++)
        {
            if (!answered[i])
            {
                // Neither delivered nor failed in the answer: not known to be delivered, so it is sent again.
                entries[i].LastFailure = new SqsEntryFailure(entries[i].RecordIndex, "MissingFromResponse", "SQS's answer did not mention the entry", attempt,
                    FailureClass.Transient);
                retry.Add(entries[i]);
            }
        }

        return retry;
    }

    private TimeSpan Backoff(int attempt)
    {
        double ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private static bool TryEntry(string? id, int count, out int index) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < count;

    private static bool IsTransient(Exception error) => error switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500
            || service.StatusCode == HttpStatusCode.TooManyRequests
            || (service.ErrorCode ?? string.Empty).Contains("Throttl", StringComparison.OrdinalIgnoreCase)
            || service.ErrorCode is "ServiceUnavailable" or "InternalError" or "InternalFailure" or "RequestTimeout" or "KmsThrottled"
            || service.InnerException is HttpRequestException or IOException,
        HttpRequestException or IOException or TimeoutException => true,
        // An SDK-side timeout surfaces as a cancellation the sink did not ask for.
        OperationCanceledException => true,
        _ => false,
    };

    private static (string Code, string Message) Describe(Exception error) => error switch
    {
        AmazonServiceException service => (service.ErrorCode ?? ((int)service.StatusCode).ToString(CultureInfo.InvariantCulture), service.Message),
        _ => (error.GetType().Name, error.Message),
    };

    // One record a retry cannot deliver fails the chunk for good; only when every failure may pass is the chunk retried.
    private static FailureClass ChunkClass(List<SqsEntryFailure> failures) =>
        failures.Any(f => f.Class == FailureClass.ChunkDataFailure) ? FailureClass.ChunkDataFailure
        : failures.Any(f => f.Class == FailureClass.Configuration) ? FailureClass.Configuration
        : failures.Any(f => !FailureTaxonomy.IsRetried(f.Class)) ? failures.First(f => !FailureTaxonomy.IsRetried(f.Class)).Class
        : failures[0].Class;

    private void ThrowIfFailed()
    {
        if (_failures.IsEmpty)
        {
            return;
        }

        List<SqsEntryFailure> failures = [.. _failures.OrderBy(f => f.RecordIndex)];
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"SQS did not accept {failures.Count} record(s) of chunk {_context.ChunkId} (run {_context.RunId}) on {_options.QueueUrl}: ");
        foreach (SqsEntryFailure failure in failures.Take(10))
        {
            message.Append(CultureInfo.InvariantCulture, $"record {failure.RecordIndex}: {failure.Code}: {failure.Message}");
            message.Append(failure.Attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $" (after {failure.Attempts} attempts); ") : "; ");
        }

        if (failures.Count > 10)
        {
            message.Append(CultureInfo.InvariantCulture, $"and {failures.Count - 10} more");
        }

        throw new SqsPublishException(message.ToString().TrimEnd(' ', ';'), [.. failures.Select(f => f.RecordIndex).Distinct()], failures[0].Code, ChunkClass(failures));
    }

}
