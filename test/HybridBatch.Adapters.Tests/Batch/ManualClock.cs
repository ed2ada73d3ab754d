namespace HybridBatch.Adapters.Tests.Batch;

/// <summary>A clock the test moves by hand, shared by the fake endpoint (job timestamps) and the poller.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
