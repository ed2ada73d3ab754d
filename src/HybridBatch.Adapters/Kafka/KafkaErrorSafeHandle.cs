using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// An <c>rd_kafka_error_t*</c> the producer or the transactions API returned, destroyed with
/// <c>rd_kafka_error_destroy</c>. Only failures make one: success is a null pointer and allocates nothing.
/// </summary>
internal sealed class KafkaErrorSafeHandle : SafeHandle
{
    public KafkaErrorSafeHandle(nint error)
        : base(0, ownsHandle: true)
    {
        SetHandle(error);
    }

    public override bool IsInvalid => handle == 0;

    public NativeLease Lease() => new(this);

    protected override bool ReleaseHandle()
    {
        Librdkafka.ErrorDestroy(handle);
        return true;
    }
}
