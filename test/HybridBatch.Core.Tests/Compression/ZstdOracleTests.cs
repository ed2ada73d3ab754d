using System.Text;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Compression;

/// <summary>
/// <see cref="CompressionOracleTests"/> against the reference <c>zstd</c> command and <see cref="ZstdInputStream"/>:
/// files written with the content checksum, damaged in every part (frame header, block data, checksum, a second frame,
/// a skippable frame).
/// </summary>
public sealed class ZstdOracleTests() : CompressionOracleTests("zstd")
{
    protected override string Extension => ".zst";

    protected override string Command => "zstd";

    protected override string[] CompressArguments => ["--check", "-c"];

    protected override bool CommandAcceptsTrailingZerosWeRefuse => false;

    protected override Stream OpenReader(Stream compressed) => new ZstdInputStream(compressed);

    protected override IEnumerable<(string Name, byte[] Bytes)> MoreWholeStreams(byte[] single, byte[] second) =>
        [("a skippable frame between two frames", Skipping(single, second))];

    protected override IEnumerable<(string Part, byte[] Whole, int From, int To)> Parts(byte[] single, byte[] second)
    {
        byte[] multi = [.. single, .. second];
        byte[] skipping = Skipping(single, second);
        int header = ZstdFrames.HeaderLength(single);
        return
        [
            ("frame header", multi, 0, header),
            ("block data", multi, header, single.Length - 4),
            ("content checksum", multi, single.Length - 4, single.Length),
            ("second frame", multi, single.Length, multi.Length),
            ("skippable frame", skipping, single.Length, skipping.Length - second.Length),
        ];
    }

    protected override async Task<(int ExitCode, byte[] Output)> RunCommandAsync(params string[] arguments)
    {
        (int exitCode, byte[] output, _) = await ZstdCli.RunAsync(["-q", .. arguments]);
        return (exitCode, output);
    }

    private static byte[] Skipping(byte[] single, byte[] second) =>
        [.. single, .. ZstdFrames.Skippable(Encoding.ASCII.GetBytes("made by hand")), .. second];
}
