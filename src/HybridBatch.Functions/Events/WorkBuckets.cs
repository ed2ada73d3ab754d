namespace HybridBatch.Functions.Events;

/// <summary>
/// The work bucket an invocation uses: the one its event names, else the function's <c>S3_BUCKET</c>. It lives with the
/// events because an event that names none where none is configured is refused as a bad event; the hosts read the
/// setting under <see cref="Setting"/> (Hosting's FunctionSettings), so events need nothing from Hosting.
/// </summary>
internal static class WorkBuckets
{
    /// <summary>The function's default work bucket.</summary>
    public const string Setting = Core.Settings.SettingNames.WorkBucket;

    /// <summary>The work bucket an event names, else the configured one; an event with neither is refused.</summary>
    public static string Resolve(string? fromEvent, string? configured) =>
        fromEvent ?? configured ?? throw new InvalidEventException($"the event has no workBucket and {Setting} is not set");
}
