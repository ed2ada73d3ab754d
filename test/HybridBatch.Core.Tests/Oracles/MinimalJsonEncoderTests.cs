using HybridBatch.Core.Json;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Processing;
using Xunit.Abstractions;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// <see cref="MinimalJsonEncoder"/>, the escaping of every JSON text the project writes, held to an escaper this
/// project did not write: Python's <c>json.dumps(s, ensure_ascii=False)</c>, which escapes only what RFC 8259
/// requires. Set HYBRIDBATCH_ESCAPE_ORACLE_SEED to replay a failing seed.
/// </summary>
public class MinimalJsonEncoderTests(ITestOutputHelper output)
{
    // Each piece is something an escaper may get wrong: JSON's two mandatory escapes, every control character, what
    // the built-in encoders escape (HTML characters, '+', DEL, C1, U+2028/9, non-ASCII, emoji), and plain text.
    private static readonly string[] s_pieces =
    [
        "a", "Z9", " ", "\"", "\\", "/", "<", ">", "&", "'", "+", "`", "\u007f", "\u0085", "\u00a0", "\u00e9", "\u20ac",
        "\u2028", "\u2029", "\ufeff", "\uffff", "\u65e5\u672c", "\U0001F600", "\U0001F469\u200D\U0001F4BB", "\\u0041",
        .. Enumerable.Range(1, 0x1f).Select(c => ((char)c).ToString()),
    ];

    [Theory]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("<>&'+", "\"<>&'+\"")]
    [InlineData("\n\r\t\b\f\u0001\u001f", "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"")]
    [InlineData("caf\u00e9 \U0001F600 \u2028", "\"caf\u00e9 \U0001F600 \u2028\"")]
    public void Escapes_only_what_json_requires(string text, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(WriteUtf8(Encoding.UTF8.GetBytes(text))));
        Assert.Equal(expected, Encoding.UTF8.GetString(WriteUtf16(text)));
    }

    [Fact]
    public void Text_that_is_not_well_formed_becomes_the_replacement_character_never_passes_through()
    {
        Assert.Equal("\"x\uFFFDy\"", Encoding.UTF8.GetString(WriteUtf16("x\ud800y")));
        byte[] invalid = [(byte)'x', 0xC3, (byte)'y'];
        byte[] written;
        try
        {
            written = WriteUtf8(invalid);
        }
        catch (ArgumentException)
        {
            return; // refused: also never passed through
        }

        Assert.True(System.Text.Unicode.Utf8.IsValid(written), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void Answers_are_written_with_the_same_escaping()
    {
        var result = new ChunkResult
        {
            RunId = "r<1>&'+\"\U0001F600", ChunkId = 0, Route = HybridBatch.Core.Routing.Route.Lambda, Status = HybridBatch.Core.Processing.ChunkStatus.Succeeded, Records = 1, Published = 1,
            Rejected = 0, Destination = "file", Attempt = 1, Worker = "w", StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
            DurationSeconds = 0, EstimatedCostUsd = 0,
        };

        string json = Encoding.UTF8.GetString(MinimalJsonEncoder.SerializeToUtf8Bytes(result, HybridBatchJson.Default.ChunkResult));

        Assert.Contains("\"runId\": \"r<1>&'+\\\"\U0001F600\"", json, StringComparison.Ordinal);
        Assert.Equal(result.RunId, JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkResult)!.RunId);
    }

    [Fact]
    public void Random_strings_are_escaped_as_pythons_json_dumps_escapes_them()
    {
        string? replay = Environment.GetEnvironmentVariable("HYBRIDBATCH_ESCAPE_ORACLE_SEED");
        int seed = replay is null ? Random.Shared.Next() : int.Parse(replay, CultureInfo.InvariantCulture);
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        List<string> texts = Enumerable.Range(0, 2_000).Select(_ => RandomText(random)).ToList();

        List<byte[]> python = DumpWithPython(texts);

        Assert.Equal(texts.Count, python.Count);
        for (int i = 0; i < texts.Count; i++)
        {
            string hint = $"seed {seed} (HYBRIDBATCH_ESCAPE_ORACLE_SEED={seed} replays), text {i} {JsonSerializer.Serialize(texts[i])}";
            byte[] fromUtf8 = WriteUtf8(Encoding.UTF8.GetBytes(texts[i]));
            Assert.True(python[i].AsSpan().SequenceEqual(fromUtf8), $"{hint}: Python {Encoding.UTF8.GetString(python[i])}, ours {Encoding.UTF8.GetString(fromUtf8)}");
            byte[] fromUtf16 = WriteUtf16(texts[i]);
            Assert.True(python[i].AsSpan().SequenceEqual(fromUtf16), $"{hint}: Python {Encoding.UTF8.GetString(python[i])}, ours (from a string) {Encoding.UTF8.GetString(fromUtf16)}");
            Assert.True(python[i].AsSpan().SequenceEqual(JsonEncodedQuoted(texts[i])), $"{hint}: JsonEncodedText differs");
        }
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        int pieces = random.Next(0, 24);
        for (int i = 0; i < pieces; i++)
        {
            text.Append(s_pieces[random.Next(s_pieces.Length)]);
        }

        return text.ToString();
    }

    private static byte[] WriteUtf8(ReadOnlySpan<byte> utf8)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, MinimalJsonEncoder.WriterOptions))
        {
            writer.WriteStringValue(utf8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] WriteUtf16(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, MinimalJsonEncoder.WriterOptions))
        {
            writer.WriteStringValue(text);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] JsonEncodedQuoted(string text) =>
        [(byte)'"', .. JsonEncodedText.Encode(text, MinimalJsonEncoder.Instance).EncodedUtf8Bytes, (byte)'"'];

    // The texts go to Python as base64 of their UTF-8 (not as JSON, which would make our escaping the oracle's input).
    private static List<byte[]> DumpWithPython(List<string> texts)
    {
        const string Script = """
            import base64, json, sys
            for line in sys.stdin.read().split('\n'):
                if line:
                    text = base64.b64decode(line[1:]).decode('utf-8')
                    dumped = json.dumps(text, ensure_ascii=False)
                    assert json.loads(dumped) == text
                    print(base64.b64encode(dumped.encode('utf-8')).decode('ascii'))
            """;
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using Process python = Process.Start(start)!;
        Task<string> stdout = python.StandardOutput.ReadToEndAsync();
        Task<string> stderr = python.StandardError.ReadToEndAsync();
        foreach (string text in texts)
        {
            // A leading 't' so an empty text is a line too.
            python.StandardInput.Write("t" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "\n");
        }

        python.StandardInput.Close();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"python3 failed: {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Convert.FromBase64String).ToList();
    }
}
