using System.Buffers.Text;
using System.Text;
using Confluent.Kafka;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Publishes one chunk's messages to a Kafka topic: key and value from the message, headers <c>runId</c>,
/// <c>recordIndex</c> and <c>source</c>. With transactions the chunk is one transaction on its own producer
/// (committed by <see cref="CompleteAsync"/>, aborted on any failure or on dispose without completion);
/// without, it borrows the process's shared idempotent producer and <see cref="CompleteAsync"/> waits for delivery.
/// </summary>
internal sealed class KafkaSink : IRecordSink
{
    private const int CommitAttempts = 3;

    // Long enough for a batch of delivery reports to arrive, short enough to notice cancellation promptly.
    private static readonly TimeSpan s_queueFullWait = TimeSpan.FromMilliseconds(50);

    private readonly KafkaProducerHandle _handle;
    private readonly bool _transactional;
    private readonly ChunkContext _context;
    private readonly string _topic;
    private readonly TimeSpan _operationTimeout;
    private readonly byte[] _runId;
    private readonly byte[] _source;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivered;
    private Error? _firstFailure;
    private long _failures;
    private bool _inTransaction;
    private bool _completed;
    private bool _disposed;

    private KafkaSink(KafkaProducerHandle handle, bool transactional, KafkaSettings settings, ChunkContext context)
    {
        _handle = handle;
        _transactional = transactional;
        _inTransaction = transactional;
        _context = context;
        _topic = settings.Topic!;
        _operationTimeout = settings.OperationTimeout;
        _runId = Encoding.UTF8.GetBytes(context.RunId);
        _source = Encoding.UTF8.GetBytes(context.Source);
        _onDelivered = OnDelivered;
    }

    /// <summary>
    /// The chunk's transactional id. The same for every attempt at the chunk, so starting a retry fences the
    /// previous attempt's producer (a zombie cannot commit) and aborts its open transaction.
    /// </summary>
    public static string TransactionalId(ChunkContext context) => $"hybridbatch-{context.RunId}-{context.ChunkId}";

    /// <summary>Creates the chunk's own transactional producer and begins its transaction.</summary>
    public static KafkaSink BeginTransaction(KafkaSettings settings, ChunkContext context)
    {
        KafkaProducerHandle handle = KafkaProducerHandle.Create(settings, TransactionalId(context));
        try
        {
            handle.Producer.InitTransactions(settings.OperationTimeout);
            handle.Producer.BeginTransaction();
            return new KafkaSink(handle, transactional: true, settings, context);
        }
        catch (KafkaException failure)
        {
            handle.Dispose();
            throw new KafkaPublishException(context.RunId, context.ChunkId, settings.Topic!, failure.Error, "could not begin the chunk's transaction", failure);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A sink on a producer shared with other chunks; it does not dispose the producer.</summary>
    public static KafkaSink OnSharedProducer(KafkaProducerHandle shared, KafkaSettings settings, ChunkContext context) =>
        new(shared, transactional: false, settings, context);

    public ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfNotOpen();
            ThrowIfFailed();
            for (int i = 0; i < batch.Count; i++)
            {
                Produce(batch[i], cancellationToken);
            }

            // Serves the delivery reports that are ready: frees queue space and finds a failure early.
            _handle.Producer.Poll(TimeSpan.Zero);
            ThrowIfFailed();
            return ValueTask.CompletedTask;
        }
        catch (Exception failure)
        {
            return ValueTask.FromException(failure);
        }
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfNotOpen();
            ThrowIfFailed();
            _handle.Producer.Flush(cancellationToken);
            ThrowIfFailed();
            if (_transactional)
            {
                Commit();
            }

            _completed = true;
            return ValueTask.CompletedTask;
        }
        catch (Exception failure)
        {
            Abort();
            return ValueTask.FromException(failure);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        if (!_completed)
        {
            // The chunk failed or was abandoned: none of what it wrote may become visible to read_committed.
            Abort();
        }

        if (_transactional)
        {
            _handle.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Produce(OutboundMessage message, CancellationToken cancellationToken)
    {
        // Copies: the batch's memory is reused as soon as WriteAsync returns, and the message object may be
        // referenced by the client until its delivery report.
        var kafkaMessage = new Message<byte[], byte[]>
        {
            Key = message.Key.ToArray(),
            Value = message.Value.ToArray(),
            Headers = new Headers
            {
                { "runId", _runId },
                { "recordIndex", RecordIndex(message.RecordIndex) },
                { "source", _source },
            },
        };
        while (true)
        {
            try
            {
                _handle.Producer.Produce(_topic, kafkaMessage, _onDelivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> full) when (full.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Never dropped: wait for deliveries to make room, then try the same message again.
                cancellationToken.ThrowIfCancellationRequested();
                _handle.Producer.Poll(s_queueFullWait);
                ThrowIfFailed();
            }
            catch (KafkaException failure)
            {
                throw Failure(failure.Error, $"could not queue record {message.RecordIndex}", failure);
            }
        }
    }

    private void Commit()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _handle.Producer.CommitTransaction(_operationTimeout);
                _inTransaction = false;
                return;
            }
            catch (KafkaRetriableException) when (attempt < CommitAttempts)
            {
                // librdkafka's contract: a retriable commit error may be retried with the same call.
            }
            catch (KafkaException failure)
            {
                throw Failure(failure.Error, "could not commit the chunk's transaction", failure);
            }
        }
    }

    private void Abort()
    {
        if (!_inTransaction)
        {
            return;
        }

        _inTransaction = false;
        try
        {
            _handle.Producer.AbortTransaction(_operationTimeout);
        }
        catch (KafkaException)
        {
            // The error that got us here is what the caller sees. A transaction left open is aborted by the broker
            // when the retry's InitTransactions fences this transactional id, or when its timeout passes; either way
            // read_committed consumers never see it.
        }
    }

    private void OnDelivered(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failures);
            Interlocked.CompareExchange(ref _firstFailure, report.Error, null);
        }
    }

    private void ThrowIfNotOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException($"chunk {_context.ChunkId} is already complete");
        }
    }

    private void ThrowIfFailed()
    {
        if (_handle.FatalError is Error fatal)
        {
            throw Failure(fatal, "the producer failed and can publish nothing more");
        }

        if (Volatile.Read(ref _firstFailure) is Error failure)
        {
            throw Failure(failure, $"{Interlocked.Read(ref _failures)} message(s) were not delivered; the first error");
        }
    }

    private KafkaPublishException Failure(Error error, string problem, Exception? inner = null) =>
        new(_context.RunId, _context.ChunkId, _topic, error, problem, inner);

    private static byte[] RecordIndex(long index)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(index, digits, out int written);
        return digits[..written].ToArray();
    }
}
