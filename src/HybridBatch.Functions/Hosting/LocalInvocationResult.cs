namespace HybridBatch.Functions.Hosting;

/// <summary>What a <see cref="LocalInvoker"/> invocation came to: the response's JSON, or the error type and message Lambda would report.</summary>
public sealed record LocalInvocationResult(byte[]? Response, string? ErrorType, string? ErrorMessage)
{
    public bool Succeeded => ErrorType is null;
}
