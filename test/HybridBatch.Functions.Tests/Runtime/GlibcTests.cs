using System.Diagnostics;
using System.Text.RegularExpressions;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary><c>provided.al2023</c> has glibc 2.34: the binary must need nothing newer.</summary>
public sealed partial class GlibcTests
{
    [Fact]
    public async Task Bootstrap_needs_no_glibc_symbol_newer_than_2_34()
    {
        string binary = await BootstrapBinary.PathAsync();
        var start = new ProcessStartInfo("objdump") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-T");
        start.ArgumentList.Add(binary);
        using Process objdump = Process.Start(start)!;
        string symbols = await objdump.StandardOutput.ReadToEndAsync();
        await objdump.WaitForExitAsync();

        Version[] versions = [.. GlibcVersion().Matches(symbols).Select(m => Version.Parse(m.Groups[1].Value)).Distinct()];

        Assert.Equal(0, objdump.ExitCode);
        Assert.NotEmpty(versions);
        Assert.True(versions.Max() <= new Version(2, 34), $"needs GLIBC_{versions.Max()}");
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
