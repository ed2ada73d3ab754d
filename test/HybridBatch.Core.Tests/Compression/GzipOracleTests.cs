using System.Diagnostics;
using System.Text;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Compression;

/// <summary>
/// Differential test against the system's <c>gzip</c> (GNU gzip, a reader this project did not write): a file
/// written by <c>gzip</c> itself, then truncated at every sixteenth of its length, damaged by one byte at seeded
/// offsets in every part (header, name, deflate data, CRC-32, ISIZE), and followed by trailing bytes. For each file
/// <c>gzip -t</c> gives its verdict and <see cref="GzipInputStream"/> must give the same; where both accept (a byte
/// with no integrity check, such as MTIME or the stored name), the output must equal <c>gzip -dc</c>'s byte for byte.
/// One difference is on purpose: gzip accepts zero bytes after the last member (tape padding) and this reader does
/// not, since nothing in an S3 object pads it.
/// </summary>
public sealed class GzipOracleTests : IDisposable
{
    private const int Seed = 20261205;
    private readonly string _folder = Directory.CreateTempSubdirectory("hb-gzip-oracle-").FullName;

    [Fact]
    public async Task Every_damage_gets_the_same_verdict_as_gzip_t_and_valid_files_read_as_gzip_dc()
    {
        var random = new Random(Seed);
        byte[] content = Lines(random, 4000);
        byte[] single = await GzipAsync("orders.jsonl", content);
        byte[] second = await GzipAsync("more.jsonl", content[..5000]);
        byte[] multi = [.. single, .. second];

        var cases = new List<(string Name, byte[] Bytes, bool GzipAcceptsOnPurposeWeRefuse)>
        {
            ("whole", single, false),
            ("two members", multi, false),
        };
        for (int k = 0; k < 16; k++)
        {
            cases.Add(($"single cut at {k}/16", single[..(single.Length * k / 16)], false));
            cases.Add(($"multi cut at {k}/16", multi[..(multi.Length * k / 16)], false));
        }

        int nameEnd = Array.IndexOf(single, (byte)0, 10);
        (string Part, int From, int To)[] parts =
        [
            ("fixed header", 0, 10),
            ("stored name", 10, nameEnd + 1),
            ("deflate data", nameEnd + 1, single.Length - 8),
            ("trailer CRC-32", single.Length - 8, single.Length - 4),
            ("trailer ISIZE", single.Length - 4, single.Length),
            ("second member", single.Length, multi.Length),
        ];
        foreach ((string part, int from, int to) in parts)
        {
            for (int i = 0; i < 6; i++)
            {
                int at = random.Next(from, to);
                byte[] damaged = (byte[])multi.Clone();
                damaged[at] ^= (byte)random.Next(1, 256);
                cases.Add(($"{part}: byte {at} changed", damaged, false));
            }
        }

        for (int i = 0; i < 4; i++)
        {
            byte[] garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            garbage[0] = (byte)random.Next(1, 256);
            cases.Add(($"{garbage.Length} trailing garbage bytes", [.. single, .. garbage], false));
        }

        cases.Add(("trailing zeros", [.. single, 0, 0, 0, 0, 0, 0, 0, 0], true));

        var disagreements = new List<string>();
        int bothAccept = 0;
        foreach ((string name, byte[] bytes, bool onPurpose) in cases)
        {
            string file = Path.Combine(_folder, "case.gz");
            await File.WriteAllBytesAsync(file, bytes);
            bool gzipAccepts = (await RunGzipAsync("-t", file)).ExitCode == 0;
            (bool weAccept, byte[] ours, string? error) = Read(bytes);
            if (weAccept != (gzipAccepts && !onPurpose))
            {
                disagreements.Add($"{name}: gzip -t {(gzipAccepts ? "accepts" : "refuses")}, we {(weAccept ? "accept" : "refuse: " + error)}");
            }
            else if (weAccept)
            {
                bothAccept++;
                byte[] reference = (await RunGzipAsync("-dc", file)).Output;
                if (!reference.AsSpan().SequenceEqual(ours))
                {
                    disagreements.Add($"{name}: accepted by both, but the output differs from gzip -dc");
                }
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
        Assert.True(bothAccept >= 3, $"only {bothAccept} files accepted by both: the undamaged files must be among them");
    }

    private static (bool Accepted, byte[] Output, string? Error) Read(byte[] gz)
    {
        try
        {
            using var reader = new GzipInputStream(new MemoryStream(gz));
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

    private async Task<byte[]> GzipAsync(string name, byte[] content)
    {
        // gzip stores the file's name (FNAME) when it compresses a named file: a header field the test damages too.
        string file = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(file, content);
        (int exitCode, byte[] output) = await RunGzipAsync("-c", file);
        Assert.Equal(0, exitCode);
        return output;
    }

    private static async Task<(int ExitCode, byte[] Output)> RunGzipAsync(string option, string file)
    {
        var start = new ProcessStartInfo("gzip") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(option);
        start.ArgumentList.Add(file);
        using Process gzip = Process.Start(start) ?? throw new InvalidOperationException("gzip did not start");
        var output = new MemoryStream();
        Task copy = gzip.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> errors = gzip.StandardError.ReadToEndAsync();
        await Task.WhenAll(copy, errors, gzip.WaitForExitAsync());
        return (gzip.ExitCode, output.ToArray());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
