using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// An <c>rd_kafka_conf_t*</c>, destroyed with <c>rd_kafka_conf_destroy</c> unless a client took it:
/// <c>rd_kafka_new</c> owns the configuration once it succeeds (<see cref="GiveToClient"/>), not when it fails.
/// </summary>
internal sealed class KafkaConfSafeHandle : SafeHandle
{
    public KafkaConfSafeHandle(nint conf)
        : base(0, ownsHandle: true)
    {
        SetHandle(conf);
    }

    public override bool IsInvalid => handle == 0;

    public NativeLease Lease() => new(this);

    /// <summary>A client now owns the configuration: never destroy it here.</summary>
    public void GiveToClient() => SetHandleAsInvalid();

    protected override bool ReleaseHandle()
    {
        Librdkafka.ConfDestroy(handle);
        return true;
    }
}
