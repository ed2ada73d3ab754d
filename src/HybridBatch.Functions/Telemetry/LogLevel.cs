namespace HybridBatch.Functions.Telemetry;

/// <summary>Levels as Powertools writes them.</summary>
internal enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
