using System.Text;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Compression;

/// <summary>
/// Differential test against a codec's reference command (a reader this project did not write), the same for each
/// codec: files written by the command itself, then truncated at every sixteenth of their length, damaged by one byte
/// at seeded offsets in every part the subclass names, and followed by trailing bytes. For each file the command's
/// test mode (<c>-t</c>) gives its verdict and this project's reader must give the same; where both accept (a byte
/// with no integrity check), the output must equal the command's <c>-dc</c> byte for byte.
/// </summary>
public abstract class CompressionOracleTests : IDisposable
{
    private const int Seed = 20261205;
    private readonly string _folder;

    protected CompressionOracleTests(string name) => _folder = Directory.CreateTempSubdirectory($"hb-{name}-oracle-").FullName;

    /// <summary>The file name ending, such as <c>.gz</c>.</summary>
    protected abstract string Extension { get; }

    /// <summary>The reference command's name, for the messages.</summary>
    protected abstract string Command { get; }

    /// <summary>The arguments that make the command compress a file to standard output with its integrity checks.</summary>
    protected abstract string[] CompressArguments { get; }

    /// <summary>Runs the reference command with <paramref name="arguments"/>.</summary>
    protected abstract Task<(int ExitCode, byte[] Output)> RunCommandAsync(params string[] arguments);

    /// <summary>This project's reader over <paramref name="compressed"/>.</summary>
    protected abstract Stream OpenReader(Stream compressed);

    /// <summary>Whole streams beyond one part and two parts, such as zstd's skippable frame between two frames.</summary>
    protected abstract IEnumerable<(string Name, byte[] Bytes)> MoreWholeStreams(byte[] single, byte[] second);

    /// <summary>The parts of a whole stream to damage: which stream, and the byte range of the part in it.</summary>
    protected abstract IEnumerable<(string Part, byte[] Whole, int From, int To)> Parts(byte[] single, byte[] second);

    /// <summary>Whether the command accepts zero bytes after the last part (tape padding) while this reader, on purpose, does not.</summary>
    protected abstract bool CommandAcceptsTrailingZerosWeRefuse { get; }

    [Fact]
    public async Task Every_damage_gets_the_same_verdict_as_the_reference_command_and_valid_files_read_the_same()
    {
        var random = new Random(Seed);
        byte[] content = Lines(random, 4000);
        byte[] single = await CompressAsync("orders.jsonl", content);
        byte[] second = await CompressAsync("more.jsonl", content[..5000]);
        byte[] multi = [.. single, .. second];

        var cases = new List<(string Name, byte[] Bytes, bool CommandAcceptsOnPurposeWeRefuse)>
        {
            ("whole", single, false),
            ("two parts", multi, false),
        };
        cases.AddRange(MoreWholeStreams(single, second).Select(whole => (whole.Name, whole.Bytes, false)));
        for (int k = 0; k < 16; k++)
        {
            cases.Add(($"single cut at {k}/16", single[..(single.Length * k / 16)], false));
            cases.Add(($"multi cut at {k}/16", multi[..(multi.Length * k / 16)], false));
        }

        foreach ((string part, byte[] whole, int from, int to) in Parts(single, second))
        {
            for (int i = 0; i < 6; i++)
            {
                int at = random.Next(from, to);
                byte[] damaged = (byte[])whole.Clone();
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

        cases.Add(("trailing zeros", [.. single, 0, 0, 0, 0, 0, 0, 0, 0], CommandAcceptsTrailingZerosWeRefuse));

        var disagreements = new List<string>();
        int bothAccept = 0;
        int bothRefuse = 0;
        foreach ((string name, byte[] bytes, bool onPurpose) in cases)
        {
            string file = Path.Combine(_folder, "case" + Extension);
            await File.WriteAllBytesAsync(file, bytes);
            bool commandAccepts = (await RunCommandAsync("-t", file)).ExitCode == 0;
            (bool weAccept, byte[] ours, string? error) = Read(bytes);
            if (weAccept != (commandAccepts && !onPurpose))
            {
                disagreements.Add($"{name}: {Command} -t {(commandAccepts ? "accepts" : "refuses")}, we {(weAccept ? "accept" : "refuse: " + error)}");
            }
            else if (weAccept)
            {
                bothAccept++;
                byte[] reference = (await RunCommandAsync("-dc", file)).Output;
                if (!reference.AsSpan().SequenceEqual(ours))
                {
                    disagreements.Add($"{name}: accepted by both, but the output differs from {Command} -dc");
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

    private (bool Accepted, byte[] Output, string? Error) Read(byte[] compressed)
    {
        try
        {
            using Stream reader = OpenReader(new MemoryStream(compressed));
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

    private async Task<byte[]> CompressAsync(string name, byte[] content)
    {
        // A named file, since gzip then stores the name (FNAME): a header field the test damages too.
        string file = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(file, content);
        (int exitCode, byte[] output) = await RunCommandAsync([.. CompressArguments, file]);
        Assert.True(exitCode == 0, $"{Command} could not compress {file}: exit {exitCode}");
        return output;
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
