namespace HybridBatch.Functions.Runtime;

/// <summary>The error document of the Runtime API (<c>/error</c> and <c>/init/error</c>).</summary>
internal sealed record RuntimeError
{
    public required string ErrorType { get; init; }

    public required string ErrorMessage { get; init; }

    public IReadOnlyList<string> StackTrace { get; init; } = [];

    public static RuntimeError From(string errorType, Exception exception) => new()
    {
        ErrorType = errorType,
        ErrorMessage = exception.Message,
        StackTrace = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };
}
