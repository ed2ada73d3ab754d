namespace HybridBatch.Functions.Runtime;

/// <summary>What a handler knows about its invocation besides the event.</summary>
internal sealed record InvocationContext
{
    public required string RequestId { get; init; }

    public required string FunctionArn { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    public string? TraceId { get; init; }

    /// <summary>True for the first invocation of this process.</summary>
    public required bool ColdStart { get; init; }
}
