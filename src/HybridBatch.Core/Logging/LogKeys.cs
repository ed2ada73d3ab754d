namespace HybridBatch.Core.Logging;

/// <summary>
/// The key names of the JSON log lines, one definition for every route: Powertools' keys for the line itself and the
/// correlation keys that tie a line to its run, chunk and Batch job. Template values become snake_case fields
/// (<c>{NextIndex}</c> → <c>next_index</c>), so the correlation keys are the fields of <c>{RunId}</c>, <c>{ChunkId}</c>…
/// </summary>
public static class LogKeys
{
    public const string Level = "level";
    public const string Message = "message";
    public const string Timestamp = "timestamp";
    public const string Service = "service";
    public const string FunctionName = "function_name";
    public const string ColdStart = "cold_start";
    public const string FunctionRequestId = "function_request_id";
    public const string XrayTraceId = "xray_trace_id";
    public const string ExceptionName = "exception_name";
    public const string Exception = "exception";

    /// <summary>The run a line belongs to.</summary>
    public const string RunId = "run_id";

    /// <summary>The chunk a line belongs to.</summary>
    public const string ChunkId = "chunk_id";

    /// <summary>The AWS Batch job (array) a line belongs to.</summary>
    public const string BatchJobId = "batch_job_id";

    /// <summary>The attempt at the chunk (1 for the first).</summary>
    public const string Attempt = "attempt";
}
