namespace HybridBatch.Adapters.Tests.Support;

/// <summary>
/// <see cref="NpmPackages"/> installs a fixture once however many test classes ask at the same time: a fixture whose
/// root package counts its installs (npm runs the root's postinstall script on <c>npm ci</c>; no package, so no
/// registry) is asked for by eight tasks at once and then again, and must have been installed exactly once.
/// </summary>
public sealed class NpmPackagesTests : IDisposable
{
    private const string PackageJson = """
        {"name":"npm-once","version":"1.0.0","private":true,
         "scripts":{"postinstall":"node -e \"require('fs').appendFileSync('installs.txt','x')\""}}
        """;

    private const string PackageLock = """
        {"name":"npm-once","version":"1.0.0","lockfileVersion":3,"requires":true,
         "packages":{"":{"name":"npm-once","version":"1.0.0","hasInstallScript":true}}}
        """;

    private readonly TempFolder _fixture = new();

    [Fact]
    public async Task Parallel_requests_for_one_fixture_install_it_once()
    {
        await File.WriteAllTextAsync(_fixture.File("package.json"), PackageJson);
        await File.WriteAllTextAsync(_fixture.File("package-lock.json"), PackageLock);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => NpmPackages.EnsureInstalledAsync(_fixture.Path, TimeSpan.FromMinutes(2)))));
        await NpmPackages.EnsureInstalledAsync(_fixture.Path + Path.DirectorySeparatorChar, TimeSpan.FromMinutes(2));

        Assert.Equal("x", await File.ReadAllTextAsync(_fixture.File("installs.txt")));
        Assert.True(File.Exists(Path.Combine(_fixture.Path, "node_modules", ".installed-from")), "no marker: the next process would install again");
    }

    public void Dispose() => _fixture.Dispose();
}
