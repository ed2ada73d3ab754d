namespace HybridBatch.Deploy.Tests.Support;

/// <summary>Paths of the files under test, found from the test assembly's folder upwards.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "template.yaml");

    public static string Definition => Path.Combine(Root, "statemachine", "hybrid-batch.asl.json");

    public static string Contract => Path.Combine(Root, "statemachine", "README.md");

    public static string StepFunctionsFixture => Path.Combine(Root, "test", "fixtures", "stepfunctions");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Functions.sln above {AppContext.BaseDirectory}");
    }
}
