using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// Counts one sink's failed deliveries. librdkafka reports every message to one static callback, and each message's
/// opaque is its sink's tally id: no message needs a GCHandle or a delegate, and a successful delivery costs no managed
/// work at all. Ids are never reused, so a report that arrives after its sink closed finds no tally and is dropped
/// rather than counted against a later sink on the same shared producer.
/// </summary>
internal sealed class DeliveryTally : IDisposable
{
    private static readonly ConcurrentDictionary<nint, DeliveryTally> s_open = new();
    private static long s_lastId;

    private long _failed;
    private int _firstError;

    private DeliveryTally(nint id) => Id = id;

    /// <summary>The message opaque that routes reports here; never 0.</summary>
    public nint Id { get; }

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The first failed delivery's error code, or null while none failed.</summary>
    public int? FirstError => Volatile.Read(ref _firstError) is int code and not 0 ? code : null;

    public static DeliveryTally Open()
    {
        var tally = new DeliveryTally((nint)Interlocked.Increment(ref s_lastId));
        s_open[tally.Id] = tally;
        return tally;
    }

    public void Dispose() => s_open.TryRemove(Id, out _);

    /// <summary>The producer's <c>dr_msg_cb</c>. Runs inside <c>rd_kafka_poll</c> / <c>rd_kafka_flush</c>; must not throw.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static unsafe void OnDelivered(nint producer, DeliveredMessage* message, nint opaque)
    {
        if (message->Error != (int)ErrorCode.NoError && s_open.TryGetValue(message->Opaque, out DeliveryTally? tally))
        {
            Interlocked.Increment(ref tally._failed);
            Interlocked.CompareExchange(ref tally._firstError, message->Error, 0);
        }
    }
}
