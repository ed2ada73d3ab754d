using HybridBatch.Functions.Hosting;

namespace HybridBatch.Functions.Runtime;

/// <summary>How the invocation loop treats time and size.</summary>
internal sealed record RuntimeOptions
{
    /// <summary>Lambda's limit for a synchronous response: 6 MB.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>
    /// Time kept free before Lambda's deadline to cancel the handler and report a timeout. Env
    /// <c>DEADLINE_MARGIN_MS</c>; default 2000, at least 100.
    /// </summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(2);

    public static RuntimeOptions From(FunctionSettings settings) => new()
    {
        DeadlineMargin = TimeSpan.FromMilliseconds(settings.Long(Core.Settings.SettingNames.DeadlineMarginMs, 2_000, 100, 60_000)),
    };
}
