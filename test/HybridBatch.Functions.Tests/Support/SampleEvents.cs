namespace HybridBatch.Functions.Tests.Support;

/// <summary>The files of <c>events/</c>, the same ones <c>sam local invoke -e</c> uses.</summary>
public static class SampleEvents
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(BootstrapBinary.RepositoryRoot(), "events", name));
}
