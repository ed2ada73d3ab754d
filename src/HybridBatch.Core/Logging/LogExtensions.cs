namespace HybridBatch.Core.Logging;

/// <summary>The level-named shorthands of <see cref="ILog.Write"/>.</summary>
public static class LogExtensions
{
    public static void Info(this ILog log, string template, params ReadOnlySpan<object?> values) => log.Write(LogLevel.Info, template, null, values);

    public static void Warning(this ILog log, string template, params ReadOnlySpan<object?> values) => log.Write(LogLevel.Warning, template, null, values);

    public static void Error(this ILog log, Exception? exception, string template, params ReadOnlySpan<object?> values) =>
        log.Write(LogLevel.Error, template, exception, values);
}
