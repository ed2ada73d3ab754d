namespace HybridBatch.Cli.Tests;

/// <summary>The checkout these tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !System.IO.File.Exists(Path.Combine(folder, "Functions.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
