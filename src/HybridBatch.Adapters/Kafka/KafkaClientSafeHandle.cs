using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// An <c>rd_kafka_t*</c> this process created, destroyed with <c>rd_kafka_destroy</c> once it is disposed and no
/// topic (<see cref="KafkaTopicSafeHandle"/>) or <see cref="NativeLease"/> still uses it. It also owns the
/// configuration's opaque, freed only after the destroy: librdkafka may call back with it until then.
/// </summary>
internal sealed class KafkaClientSafeHandle : SafeHandle
{
    private GCHandle _opaque;

    public KafkaClientSafeHandle(nint client, GCHandle opaque)
        : base(0, ownsHandle: true)
    {
        SetHandle(client);
        _opaque = opaque;
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Whether <c>rd_kafka_destroy</c> has run (tests: a topic keeps its client alive).</summary>
    internal bool NativeDestroyed { get; private set; }

    public NativeLease Lease() => new(this);

    protected override bool ReleaseHandle()
    {
        Librdkafka.Destroy(handle);
        NativeDestroyed = true;
        if (_opaque.IsAllocated)
        {
            _opaque.Free();
        }

        return true;
    }
}
