using System.Text;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Compression;

/// <summary>
/// Differential test against the reference <c>zstd</c> command (a reader this project did not write): files written
/// by <c>zstd</c> itself (with its content checksum), then truncated at every sixteenth of their length, damaged by
/// one byte at seeded offsets in every part (frame header, block data, checksum, a second frame, a skippable frame),
/// and followed by trailing bytes. For each file <c>zstd -t</c> gives its verdict and <see cref="ZstdInputStream"/>
/// must give the same; where both accept, the output must equal <c>zstd -dc</c>'s byte for byte.
/// </summary>
public sealed class ZstdOracleTests : IDisposable
{
    private const int Seed = 20261205;
    private readonly string _folder = Directory.CreateTempSubdirectory("hb-zstd-oracle-").FullName;

    [Fact]
    public async Task Every_damage_gets_the_same_verdict_as_zstd_t_and_valid_files_read_as_zstd_dc()
    {
        var random = new Random(Seed);
        byte[] content = Lines(random, 4000);
        byte[] single = await ZstdAsync("orders.jsonl", content);
        byte[] second = await ZstdAsync("more.jsonl", content[..5000]);
        byte[] multi = [.. single, .. second];
        byte[] skipping = [.. single, .. ZstdFrames.Skippable(Encoding.ASCII.GetBytes("made by hand")), .. second];

        var cases = new List<(string Name, byte[] Bytes)>
        {
            ("whole", single),
            ("two frames", multi),
            ("a skippable frame between two frames", skipping),
        };
        for (int k = 0; k < 16; k++)
        {
            cases.Add(($"single cut at {k}/16", single[..(single.Length * k / 16)]));
            cases.Add(($"multi cut at {k}/16", multi[..(multi.Length * k / 16)]));
        }

        int header = ZstdFrames.HeaderLength(single);
        int skippableEnd = skipping.Length - second.Length;
        (string Part, byte[] Whole, int From, int To)[] parts =
        [
            ("frame header", multi, 0, header),
            ("block data", multi, header, single.Length - 4),
            ("content checksum", multi, single.Length - 4, single.Length),
            ("second frame", multi, single.Length, multi.Length),
            ("skippable frame", skipping, single.Length, skippableEnd),
        ];
        foreach ((string part, byte[] whole, int from, int to) in parts)
        {
            for (int i = 0; i < 6; i++)
            {
                int at = random.Next(from, to);
                byte[] damaged = (byte[])whole.Clone();
                damaged[at] ^= (byte)random.Next(1, 256);
                cases.Add(($"{part}: byte {at} changed", damaged));
            }
        }

        for (int i = 0; i < 4; i++)
        {
            byte[] garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            garbage[0] = (byte)random.Next(1, 256);
            cases.Add(($"{garbage.Length} trailing garbage bytes", [.. single, .. garbage]));
        }

        cases.Add(("trailing zeros", [.. single, 0, 0, 0, 0, 0, 0, 0, 0]));

        var disagreements = new List<string>();
        int bothAccept = 0;
        int bothRefuse = 0;
        foreach ((string name, byte[] bytes) in cases)
        {
            string file = Path.Combine(_folder, "case.zst");
            await File.WriteAllBytesAsync(file, bytes);
            bool zstdAccepts = (await ZstdCli.RunAsync("-q", "-t", file)).ExitCode == 0;
            (bool weAccept, byte[] ours, string? error) = Read(bytes);
            if (weAccept != zstdAccepts)
            {
                disagreements.Add($"{name}: zstd -t {(zstdAccepts ? "accepts" : "refuses")}, we {(weAccept ? "accept" : "refuse: " + error)}");
            }
            else if (weAccept)
            {
                bothAccept++;
                byte[] reference = (await ZstdCli.RunAsync("-q", "-dc", file)).Output;
                if (!reference.AsSpan().SequenceEqual(ours))
                {
                    disagreements.Add($"{name}: accepted by both, but the output differs from zstd -dc");
                }
            }
            else
            {
                bothRefuse++;
            }
        }

        Assert.True(disagreements.Count == 0, $"seed {Seed}:\n" + string.Join('\n', disagreements));
        Assert.True(bothAccept >= 3, $"only {bothAccept} files accepted by both: the undamaged files must be among them");
        Assert.True(bothRefuse >= cases.Count / 2, $"only {bothRefuse} of {cases.Count} files refused by both");
    }

    private static (bool Accepted, byte[] Output, string? Error) Read(byte[] zst)
    {
        try
        {
            using var reader = new ZstdInputStream(new MemoryStream(zst));
            var output = new MemoryStream();
            reader.CopyTo(output);
            return (true, output.ToArray(), null);
        }
        catch (InputFormatException error)
        {
            return (false, [], error.Message);
        }
    }

    private static byte[] Lines(Random random, int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append("{\"order_id\":\"ORD-").Append(random.Next(1_000_000)).Append("\",\"qty\":").Append(random.Next(1, 50))
                .Append(",\"sku\":\"").Append((char)('A' + random.Next(26))).Append(random.Next(10_000)).Append("\"}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private async Task<byte[]> ZstdAsync(string name, byte[] content)
    {
        string file = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(file, content);
        (int exitCode, byte[] output, string errors) = await ZstdCli.RunAsync("-q", "--check", "-c", file);
        Assert.True(exitCode == 0, errors);
        return output;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
