namespace HybridBatch.Bench;

/// <summary>
/// A folder that makes kcat load a given librdkafka build: it holds <c>librdkafka.so.1</c>, the soname kcat links,
/// as a link to the build, and kcat is started with <c>LD_LIBRARY_PATH</c> set to it. Comparing HybridBatch with kcat on
/// the same build measures HybridBatch's publisher; comparing kcat with itself on two builds measures the builds.
/// </summary>
public sealed class KcatLibrary
{
    private const string Soname = "librdkafka.so.1";

    private KcatLibrary(string folder, string build)
    {
        Folder = folder;
        Build = build;
    }

    /// <summary>The folder for <c>LD_LIBRARY_PATH</c>.</summary>
    public string Folder { get; }

    /// <summary>The librdkafka file kcat loads from there.</summary>
    public string Build { get; }

    /// <summary>A folder under <paramref name="parent"/> for <paramref name="build"/>, or null when it is not a file.</summary>
    public static KcatLibrary? For(string build, string parent)
    {
        if (!File.Exists(build))
        {
            return null;
        }

        string folder = Path.Combine(parent, "kcat-librdkafka");
        Directory.CreateDirectory(folder);
        string link = Path.Combine(folder, Soname);
        File.Delete(link);
        File.CreateSymbolicLink(link, Path.GetFullPath(build));
        return new KcatLibrary(folder, Path.GetFullPath(build));
    }

    /// <summary>
    /// The librdkafka file the packaged kcat loads (<c>ldd</c>'s answer), or null when it cannot be told.
    /// </summary>
    public static async Task<string?> PackagedAsync(CancellationToken cancellationToken)
    {
        if (await ToolRun.RunAsync(ToolRun.Start("ldd", ["/usr/bin/kcat"]), cancellationToken).ConfigureAwait(false) is not var (_, output, _))
        {
            return null;
        }

        foreach (string line in output.Split('\n'))
        {
            // "	librdkafka.so.1 => /lib/x86_64-linux-gnu/librdkafka.so.1 (0x...)"
            string[] parts = line.Trim().Split(' ');
            if (parts.Length >= 3 && parts[0] == Soname && parts[1] == "=>" && File.Exists(parts[2]))
            {
                return parts[2];
            }
        }

        return null;
    }

    /// <summary>Whether two paths hold the same build, whatever links lead to them.</summary>
    public static bool SameBuild(string first, string second) =>
        System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(first))
            .AsSpan()
            .SequenceEqual(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(second)));
}
