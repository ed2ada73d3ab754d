using System.Diagnostics;
using System.Text.Json;

namespace HybridBatch.Bench;

/// <summary>
/// The ajv baseline: ajv 8 (JSON Schema 2020-12, formats asserted by ajv-formats) on Node, <c>JSON.parse</c> and
/// <c>validate</c> per line, pinned by bench/ajv/package-lock.json and installed from npm on first use.
/// </summary>
public static class AjvBaseline
{
    /// <summary>The fixture's files, embedded from bench/ajv under these names.</summary>
    private static readonly string[] s_fileNames = ["package.json", "package-lock.json", "validate.mjs"];

    private const string Script = "validate.mjs";

    /// <summary>npm ci of ajv takes seconds; this only bounds a registry that does not answer.</summary>
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Where installs are kept between runs: <c>$XDG_CACHE_HOME/hybridbatch</c>, else <c>~/.cache/hybridbatch</c>.</summary>
    public static string DefaultCacheRoot(Func<string, string?> environment)
    {
        string? cache = environment("XDG_CACHE_HOME");
        return Path.Combine(
            string.IsNullOrEmpty(cache) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : cache,
            "hybridbatch");
    }

    /// <summary>The installed fixture's folder under <paramref name="cacheRoot"/>, or null and why not.</summary>
    public static Task<(string? Folder, string Note)> InstallAsync(string cacheRoot, CancellationToken cancellationToken) =>
        new NpmFixture("ajv", s_fileNames.ToDictionary(name => name, Resource))
            .InstallAsync(cacheRoot, s_installTimeout, cancellationToken);

    /// <summary>
    /// Validates <paramref name="dataFile"/> against <paramref name="schemaFile"/> with the installed fixture. The
    /// indices of the records ajv finds invalid, with its first error, are written to <paramref name="invalidOut"/>.
    /// Null and why when Node is missing or the script fails.
    /// </summary>
    public static async Task<(AjvFigures? Figures, string Note)> MeasureAsync(string folder, string schemaFile, string dataFile, string invalidOut, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var run = await ToolRun.RunAsync(ToolRun.Start("node", [Path.Combine(folder, Script), schemaFile, dataFile, invalidOut]), cancellationToken).ConfigureAwait(false);
        double wallSeconds = clock.Elapsed.TotalSeconds;
        if (run is not { } finished)
        {
            return (null, "node not found: ajv baseline skipped");
        }

        if (finished.ExitCode != 0)
        {
            return (null, $"ajv baseline failed (exit {finished.ExitCode}): {finished.Errors.Trim()}");
        }

        using JsonDocument result = JsonDocument.Parse(finished.Output);
        JsonElement root = result.RootElement;
        var figures = new AjvFigures(
            root.GetProperty("records").GetInt64(),
            root.GetProperty("valid").GetInt64(),
            root.GetProperty("bytes").GetInt64(),
            root.GetProperty("seconds").GetDouble(),
            wallSeconds);
        return (figures, root.GetProperty("versions").GetString() ?? "ajv");
    }

    /// <summary>The verdicts ajv wrote: each invalid record's index and ajv's first error about it.</summary>
    public static Dictionary<long, string> ReadInvalid(string invalidOut)
    {
        var invalid = new Dictionary<long, string>();
        foreach (string line in File.ReadLines(invalidOut))
        {
            using JsonDocument verdict = JsonDocument.Parse(line);
            invalid[verdict.RootElement.GetProperty("index").GetInt64()] = verdict.RootElement.GetProperty("error").GetString() ?? "";
        }

        return invalid;
    }

    private static byte[] Resource(string fileName)
    {
        string resource = "ajv/" + fileName;
        using Stream stream = typeof(AjvBaseline).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
