using HybridBatch.Core.Routing;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// <see cref="Route"/> on the command line (<c>--route</c>): the same names as its JSON wire names
/// (<c>JsonStringEnumMemberName</c>), which a test holds them to.
/// </summary>
internal static class RouteText
{
    public const string Lambda = "lambda";

    public const string Batch = "batch";

    public static string Name(Route route) => route == Route.Lambda ? Lambda : Batch;

    /// <summary>The route named <paramref name="text"/>; only the declared names reach here (the parser refuses others).</summary>
    public static Route Parse(string text) => text switch
    {
        Lambda => Route.Lambda,
        Batch => Route.Batch,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "not a route name"),
    };
}
