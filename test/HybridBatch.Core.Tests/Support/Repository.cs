namespace HybridBatch.Core.Tests.Support;

/// <summary>The checkout these tests were built from: the one place Core's tests find repository files (bench/, samples).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary><paramref name="relativePath"/> (forward slashes) under the repository's root.</summary>
    public static string File(string relativePath) => Path.Combine([Root, .. relativePath.Split('/')]);

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
