using System.Diagnostics;
using HybridBatch.Core.Compression;

namespace HybridBatch.Core.Tests.Compression;

/// <summary>
/// <see cref="CompressionOracleTests"/> against the system's <c>gzip</c> (GNU gzip) and <see cref="GzipInputStream"/>,
/// damaging every part of a member (header, stored name, deflate data, CRC-32, ISIZE). One difference is on purpose:
/// gzip accepts zero bytes after the last member (tape padding) and this reader does not, since nothing in an S3
/// object pads it.
/// </summary>
public sealed class GzipOracleTests() : CompressionOracleTests("gzip")
{
    protected override string Extension => ".gz";

    protected override string Command => "gzip";

    protected override string[] CompressArguments => ["-c"];

    protected override bool CommandAcceptsTrailingZerosWeRefuse => true;

    protected override Stream OpenReader(Stream compressed) => new GzipInputStream(compressed);

    protected override IEnumerable<(string Name, byte[] Bytes)> MoreWholeStreams(byte[] single, byte[] second) => [];

    protected override IEnumerable<(string Part, byte[] Whole, int From, int To)> Parts(byte[] single, byte[] second)
    {
        byte[] multi = [.. single, .. second];
        int nameEnd = Array.IndexOf(single, (byte)0, 10);
        return
        [
            ("fixed header", multi, 0, 10),
            ("stored name", multi, 10, nameEnd + 1),
            ("deflate data", multi, nameEnd + 1, single.Length - 8),
            ("trailer CRC-32", multi, single.Length - 8, single.Length - 4),
            ("trailer ISIZE", multi, single.Length - 4, single.Length),
            ("second member", multi, single.Length, multi.Length),
        ];
    }

    protected override async Task<(int ExitCode, byte[] Output)> RunCommandAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("gzip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process gzip = Process.Start(start) ?? throw new InvalidOperationException("gzip did not start");
        var output = new MemoryStream();
        Task copy = gzip.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> errors = gzip.StandardError.ReadToEndAsync();
        await Task.WhenAll(copy, errors, gzip.WaitForExitAsync());
        return (gzip.ExitCode, output.ToArray());
    }
}
