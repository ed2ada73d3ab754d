namespace HybridBatch.Functions.Events;

/// <summary>The error output of a Step Functions <c>Catch</c>.</summary>
internal sealed record MapError
{
    public string? Error { get; init; }

    public string? Cause { get; init; }

    public override string ToString() => $"{Error ?? "States.Unknown"}: {Cause ?? "no cause given"}";
}
