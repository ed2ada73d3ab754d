namespace HybridBatch.Core.Logging;

/// <summary>
/// The logging port Core use cases and adapters receive (an <c>ILogger</c>-shaped face of our own: Core references only
/// the BCL). Hosts implement it once, with the JSON logger both routes share, so the Lambda function and the Batch
/// worker write the same line for the same event. Templates name their values (<c>"Chunk {ChunkId} resumes at
/// {NextIndex}"</c>); each becomes a field of the line. Never pass record contents or secrets.
/// </summary>
public interface ILog
{
    void Write(LogLevel level, string template, Exception? exception, params ReadOnlySpan<object?> values);
}
