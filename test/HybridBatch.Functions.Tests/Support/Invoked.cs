using System.Text.Json;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>One invocation's answer and what the process wrote while giving it.</summary>
public sealed class Invoked
{
    private readonly BootstrapProcess _process;

    public Invoked(RecordedAnswer answer, BootstrapProcess process)
    {
        Answer = answer;
        _process = process;
    }

    public RecordedAnswer Answer { get; }

    public JsonElement Json => Answer.Json;

    /// <summary>Every stdout line that was written before the answer was posted.</summary>
    public IReadOnlyList<string> Lines => [.. _process.StandardOutput];

    public string StandardError => _process.StandardError;

    /// <summary>The answer must be a response; the message shows the error and the logs otherwise.</summary>
    public JsonElement Response(string what)
    {
        Assert.True(Answer.Kind == RecordedAnswer.Response,
            $"{what}: expected a response, got {Answer.Kind} {Answer.ErrorTypeHeader}: {Answer.Body}\n{string.Join('\n', Lines)}\n{StandardError}");
        return Answer.Json;
    }
}
