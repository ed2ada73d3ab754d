namespace HybridBatch.Functions.Events;

/// <summary>The <c>kind</c> of a Batch job the submit and poll handlers deal with.</summary>
internal static class JobKinds
{
    /// <summary>A run's split and validation, for an object too large for the split function.</summary>
    public const string Validate = "validate";

    /// <summary>One chunk routed to Batch.</summary>
    public const string Process = "process";

    public static string Check(string? kind) => kind is Validate or Process
        ? kind
        : throw new InvalidEventException($"kind must be '{Validate}' or '{Process}', got '{kind}'");
}
