namespace HybridBatch.Functions.Runtime;

/// <summary>What one invocation came to: the response's JSON, or the typed error to report. Exactly one is set.</summary>
internal sealed record InvocationOutcome(byte[]? Response, RuntimeError? Error)
{
    public static InvocationOutcome Succeeded(byte[] response) => new(response, null);

    public static InvocationOutcome Failed(RuntimeError error) => new(null, error);
}
