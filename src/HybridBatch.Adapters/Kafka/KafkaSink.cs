using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Json;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Publishes one chunk's messages to a Kafka topic: key and value from the message, headers <c>runId</c>,
/// <c>recordIndex</c> and <c>source</c>. With transactions each step is one transaction on the chunk's own producer
/// (committed by <see cref="CommitStepAsync"/>, aborted on any failure or on dispose with a step open);
/// without, it borrows the process's shared idempotent producer and <see cref="CommitStepAsync"/> waits for delivery
/// (at least once: a retry resends the step that was open).
/// </summary>
internal sealed class KafkaSink : IRecordSink
{
    private const int CommitAttempts = 3;

    // Topic, flags, opaque, key, value and the three headers.
    private const int ArgCount = 8;

    // Delivery reports are served every this many messages, not only once per batch: librdkafka's copies of delivered
    // messages are then freed in small runs, soon after they were allocated, which the allocator handles faster than
    // thousands at a time (bench: about 0.70x -> 0.79x of kcat on 1 M messages; every message: no gain).
    private const int PollEveryMessages = 64;

    // long.MinValue has 19 digits and a sign.
    private const int MaxIndexDigits = 20;

    // Long enough for a batch of delivery reports to arrive, short enough to notice cancellation promptly.
    private static readonly TimeSpan s_queueFullWait = TimeSpan.FromMilliseconds(50);

    // How long a chunk's start waits for a cluster connection before leaving the wait to InitTransactions.
    private static readonly TimeSpan s_connectWait = TimeSpan.FromSeconds(5);

    private readonly KafkaProducerHandle _handle;
    private readonly bool _transactional;
    private readonly ChunkContext _context;
    private readonly string _topic;
    private readonly TimeSpan _operationTimeout;
    private readonly byte[] _runId;
    private readonly byte[] _source;
    private readonly DeliveryTally _deliveries = DeliveryTally.Open();
    private readonly ControlTopicReader? _control;
    private readonly ILog _log;
    private long? _stepFirstIndex;
    private bool _inTransaction;
    private bool _disposed;

    private KafkaSink(KafkaProducerHandle handle, bool transactional, KafkaSettings settings, ChunkContext context, ILog log)
    {
        _log = log;
        _handle = handle;
        _transactional = transactional;
        _context = context;
        _topic = settings.Topic!;
        _operationTimeout = settings.OperationTimeout;
        _runId = Encoding.UTF8.GetBytes(context.RunId);
        _source = Encoding.UTF8.GetBytes(context.Source);
        _control = transactional ? new ControlTopicReader(settings, context) : null;
    }

    /// <summary>
    /// The chunk's transactional id. The same for every attempt at the chunk, so starting a retry fences the
    /// previous attempt's producer (a zombie cannot commit) and aborts its open transaction.
    /// </summary>
    public static string TransactionalId(ChunkContext context) => $"hybridbatch-{context.RunId}-{context.ChunkId}";

    /// <summary>
    /// Creates the chunk's own transactional producer and initialises its transactions, which on a real broker fences
    /// the previous attempt's producer and aborts its open transaction. Each step's transaction begins with its first message.
    /// </summary>
    public static KafkaSink BeginTransaction(KafkaSettings settings, ChunkContext context, ILog? log = null)
    {
        log ??= NullLog.Instance;
        KafkaProducerHandle handle = KafkaProducerHandle.Create(settings, TransactionalId(context), log);
        try
        {
            handle.ConnectToCluster(s_connectWait < settings.OperationTimeout ? s_connectWait : settings.OperationTimeout);
            handle.InitTransactions(settings.OperationTimeout);
            return new KafkaSink(handle, transactional: true, settings, context, log);
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
    public static KafkaSink OnSharedProducer(KafkaProducerHandle shared, KafkaSettings settings, ChunkContext context, ILog? log = null) =>
        new(shared, transactional: false, settings, context, log ?? NullLog.Instance);

    /// <summary>
    /// With transactions: the last step whose completion record a committed transaction wrote to the control topic
    /// (read after InitTransactions, so no earlier attempt can still commit one). Without: null, at least once.
    /// </summary>
    public ValueTask<ChunkCheckpoint?> RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfNotOpen();
            ChunkCheckpoint? committed = _control?.LastCommitted(cancellationToken);
            _stepFirstIndex = committed?.NextIndex;
            return ValueTask.FromResult(committed);
        }
        catch (Exception failure)
        {
            return ValueTask.FromException<ChunkCheckpoint?>(failure);
        }
    }

    public ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfNotOpen();
            ThrowIfFailed();
            BeginIfNeeded();
            ProduceAll(batch, cancellationToken);

            // Serves the delivery reports that are ready: frees queue space and finds a failure early.
            _handle.Poll(TimeSpan.Zero);
            ThrowIfFailed();
            return ValueTask.CompletedTask;
        }
        catch (Exception failure)
        {
            return ValueTask.FromException(failure);
        }
    }

    public ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfNotOpen();
            ThrowIfFailed();
            BeginIfNeeded();
            _handle.Flush(cancellationToken);
            // A record that failed puts the transaction in an abortable state: report that, not the control record's refusal.
            ThrowIfFailed();
            if (_transactional)
            {
                // In the step's transaction: committed with its records or aborted with them.
                ProduceCompletionRecord(reached, cancellationToken);
                _handle.Flush(cancellationToken);
                ThrowIfFailed();
            }

            if (_transactional)
            {
                Commit();
            }

            _stepFirstIndex = reached.NextIndex;
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
        // The open step failed or was abandoned: none of what it wrote may become visible to read_committed.
        Abort();

        if (_transactional)
        {
            _handle.Dispose();
        }

        _control?.Dispose();
        _deliveries.Dispose();
        return ValueTask.CompletedTask;
    }

    private unsafe void ProduceAll(MessageBatch batch, CancellationToken cancellationToken)
    {
        // One argument list for the whole batch; per message only key, value and recordIndex change. librdkafka copies
        // all three before rd_kafka_produceva returns, so the batch's memory is pinned only for the call.
        ProduceArg* args = stackalloc ProduceArg[ArgCount];
        byte* index = stackalloc byte[MaxIndexDigits];

        // Leased once per batch, not per message: the pointers stay valid even if the producer is disposed meanwhile.
        using NativeLease client = _handle.LeaseClient();
        using NativeLease topic = _handle.Topic.Lease();
        fixed (byte* runId = _runId)
        fixed (byte* source = _source)
        fixed (byte* runIdName = "runId\0"u8)
        fixed (byte* recordIndexName = "recordIndex\0"u8)
        fixed (byte* sourceName = "source\0"u8)
        {
            args[0] = ProduceArg.Topic(topic.Handle);
            args[1] = ProduceArg.Flags(Librdkafka.MsgFlagCopy);
            args[2] = ProduceArg.Opaque(_deliveries.Id);
            args[5] = ProduceArg.Header(runIdName, runId, _runId.Length);
            args[7] = ProduceArg.Header(sourceName, source, _source.Length);
            for (int i = 0; i < batch.Count; i++)
            {
                OutboundMessage message = batch[i];
                ReadOnlySpan<byte> key = message.Key.Span;
                ReadOnlySpan<byte> value = message.Value.Span;
                Utf8Formatter.TryFormat(message.RecordIndex, new Span<byte>(index, MaxIndexDigits), out int digits);

                // GetReference rather than the span itself: fixed gives null for an empty span, which librdkafka would
                // publish as a null key or value instead of an empty one.
                fixed (byte* keyPtr = &MemoryMarshal.GetReference(key))
                fixed (byte* valuePtr = &MemoryMarshal.GetReference(value))
                {
                    args[3] = ProduceArg.Key(keyPtr, key.Length);
                    args[4] = ProduceArg.Value(valuePtr, value.Length);
                    args[6] = ProduceArg.Header(recordIndexName, index, digits);
                    Produce(client.Handle, args, ArgCount, message.RecordIndex, cancellationToken);
                    if ((i + 1) % PollEveryMessages == 0)
                    {
                        Librdkafka.Poll(client.Handle, 0);
                    }
                }
            }
        }
    }

    private unsafe void ProduceCompletionRecord(ChunkCheckpoint reached, CancellationToken cancellationToken)
    {
        // Records counts from the chunk's first record, so without a step before this one the step began at NextIndex - Records.
        var record = new CompletionRecord { Checkpoint = reached, FirstIndex = _stepFirstIndex ?? reached.NextIndex - reached.Records, Attempt = _context.Attempt, CommittedAt = DateTimeOffset.UtcNow };
        byte[] value = MinimalJsonEncoder.SerializeToUtf8Bytes(record, KafkaControlJson.Default.CompletionRecord);
        byte[] key = _control!.Key;
        int partition = _control.Partition();
        ProduceArg* args = stackalloc ProduceArg[6];
        using NativeLease client = _handle.LeaseClient();
        using NativeLease controlTopic = _handle.ControlTopic.Lease();
        fixed (byte* keyPtr = key)
        fixed (byte* valuePtr = value)
        {
            args[0] = ProduceArg.Topic(controlTopic.Handle);
            args[1] = ProduceArg.Partition(partition);
            args[2] = ProduceArg.Flags(Librdkafka.MsgFlagCopy);
            args[3] = ProduceArg.Opaque(_deliveries.Id);
            args[4] = ProduceArg.Key(keyPtr, key.Length);
            args[5] = ProduceArg.Value(valuePtr, value.Length);
            Produce(client.Handle, args, 6, reached.NextIndex, cancellationToken);
        }
    }

    /// <summary>Queues one message on <paramref name="client"/>, a leased <c>rd_kafka_t*</c>.</summary>
    private unsafe void Produce(nint client, ProduceArg* args, int argCount, long recordIndex, CancellationToken cancellationToken)
    {
        while (true)
        {
            nint raw = Librdkafka.Produceva(client, args, (nuint)argCount);
            if (raw == 0)
            {
                return;
            }

            var error = new KafkaErrorSafeHandle(raw);
            if (Librdkafka.ErrorCodeOf(error) != Librdkafka.ErrQueueFull)
            {
                KafkaException failure = Librdkafka.TakeException(error);
                throw Failure(failure.Error, $"could not queue record {recordIndex}", failure);
            }

            // Never dropped: wait for deliveries to make room, then try the same message again.
            error.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            Librdkafka.Poll(client, Librdkafka.Milliseconds(s_queueFullWait));
            ThrowIfFailed();
        }
    }

    private void Commit()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _handle.CommitTransaction(_operationTimeout);
                _inTransaction = false;
                return;
            }
            catch (KafkaRetriableException retriable) when (attempt < CommitAttempts)
            {
                // librdkafka's contract: a retriable commit error may be retried with the same call.
                _log.Warning("Kafka commit of chunk {ChunkId} attempt {Attempt} failed retriably: {Reason}", _context.ChunkId, attempt, retriable.Error.Reason);
            }
            catch (KafkaException failure)
            {
                throw Failure(failure.Error, "could not commit the chunk's transaction", failure);
            }
        }
    }

    /// <summary>Each step is a transaction of its own on the chunk's producer, begun with the step's first message.</summary>
    private void BeginIfNeeded()
    {
        if (!_transactional || _inTransaction)
        {
            return;
        }

        try
        {
            _handle.BeginTransaction();
        }
        catch (KafkaException failure)
        {
            throw Failure(failure.Error, "could not begin the step's transaction", failure);
        }

        _inTransaction = true;
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
            _handle.AbortTransaction(_operationTimeout);
        }
        catch (KafkaException)
        {
            // The error that got us here is what the caller sees. A transaction left open is aborted by the broker
            // when the retry's InitTransactions fences this transactional id, or when its timeout passes; either way
            // read_committed consumers never see it.
        }
    }

    private void ThrowIfNotOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    private void ThrowIfFailed()
    {
        if (_handle.FatalError is Error fatal)
        {
            throw Failure(fatal, "the producer failed and can publish nothing more");
        }

        if (_deliveries.FirstError is int code)
        {
            throw Failure(Librdkafka.ErrorFor(code), $"{_deliveries.Failed} message(s) were not delivered; the first error");
        }
    }

    private KafkaPublishException Failure(Error error, string problem, Exception? inner = null) =>
        new(_context.RunId, _context.ChunkId, _topic, error, problem, inner);
}
