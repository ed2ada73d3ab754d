namespace HybridBatch.Core.Logging;

/// <summary>Levels as Powertools writes them.</summary>
public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
