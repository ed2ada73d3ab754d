namespace HybridBatch.Functions.Runtime;

/// <summary>One invocation as the Runtime API hands it out: the event and the headers that describe it.</summary>
internal sealed record Invocation
{
    public required string RequestId { get; init; }

    /// <summary>When Lambda stops the function (<c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    public required DateTimeOffset Deadline { get; init; }

    public required string FunctionArn { get; init; }

    /// <summary>The X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>); null when tracing is off.</summary>
    public string? TraceId { get; init; }

    /// <summary>Client application data of a mobile SDK invocation (<c>Lambda-Runtime-Client-Context</c>).</summary>
    public string? ClientContext { get; init; }

    /// <summary>The Cognito identity of a mobile SDK invocation (<c>Lambda-Runtime-Cognito-Identity</c>).</summary>
    public string? CognitoIdentity { get; init; }

    public required byte[] Event { get; init; }
}
