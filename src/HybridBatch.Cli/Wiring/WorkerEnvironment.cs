using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Wiring;

/// <summary>
/// The settings a <c>hybridbatch process</c> child needs from its parent's environment. The CLI reads settings
/// through an injected environment (tests pass their own), so a child gets them explicitly, not by inheritance.
/// Which ones is the catalog's word: every setting the processing job reads, but the ones Batch sets for each job,
/// which the runner passes as arguments instead (<c>--chunk-id</c>, <c>--attempt</c>) or which name no job here.
/// </summary>
internal static class WorkerEnvironment
{
    private static readonly HashSet<string> s_perJob = new(StringComparer.Ordinal)
    {
        SettingNames.BatchJobId, SettingNames.BatchJobAttempt, SettingNames.BatchJobArrayIndex,
    };

    /// <summary>The names forwarded, in the catalog's order.</summary>
    public static IReadOnlyList<string> Forwarded { get; } =
        [.. SettingsCatalog.ReadBy(SettingReaders.ProcessingJob).Select(s => s.Name).Where(name => !s_perJob.Contains(name))];

    public static Dictionary<string, string> Capture(Func<string, string?> environment)
    {
        var captured = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in Forwarded)
        {
            if (environment(name) is string value)
            {
                captured[name] = value;
            }
        }

        return captured;
    }
}
