using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// A native pointer borrowed from a <see cref="SafeHandle"/> for the span of a <c>using</c>: while it lives, disposing
/// the handle only marks it closed and the destroy call waits for the lease to end. Taking one from a disposed handle
/// throws <see cref="ObjectDisposedException"/>, so a call after dispose fails in managed code, never in librdkafka.
/// Hot loops take one per batch rather than one per call.
/// </summary>
internal readonly ref struct NativeLease
{
    private readonly SafeHandle _owner;

    public NativeLease(SafeHandle owner)
    {
        bool added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
        Handle = owner.DangerousGetHandle();
    }

    /// <summary>The pointer, valid until <see cref="Dispose"/>.</summary>
    public nint Handle { get; }

    public void Dispose() => _owner.DangerousRelease();
}
