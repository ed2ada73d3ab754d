using System.Text.Json;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>What the runtime posted back: a response, an invocation error or an init error.</summary>
public sealed record RecordedAnswer(string Kind, string? RequestId, string Body, string? ErrorTypeHeader)
{
    public const string Response = "response";
    public const string Error = "error";
    public const string InitError = "init-error";

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
