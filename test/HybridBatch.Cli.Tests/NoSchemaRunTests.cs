using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;
using Xunit.Abstractions;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>run</c>, <c>plan</c> and <c>validate</c> without <c>--schema</c>: every well-formed record is accepted and the
/// run says so first. JSON Lines messages are the input lines byte for byte; CSV messages are objects of strings
/// whose bytes are what Python's <c>json.dumps(row, ensure_ascii=False)</c> writes (minimal escaping). Set
/// HYBRIDBATCH_NOSCHEMA_SEED to replay a failing seed.
/// </summary>
public sealed class NoSchemaRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Json_lines_accept_any_value_publish_its_bytes_and_reject_what_is_not_well_formed()
    {
        string[] valid =
        [
            "{\"id\":1,\"tag\":\"<b>&'+\",\"q\":\"say \\u0022hi\\u0022\"}", "[1,\"x\",null,{}]", "42", "-1.5e3",
            "\"caf\u00e9 \U0001F600 \\u003C\"", "null", "true", "{}",
        ];
        string[] invalid = ["{\"a\":1,\"a\":2}", "{\"open\":", "[1,] "];
        string input = _folder.File("values.jsonl");
        File.WriteAllText(input, string.Join("\n", valid.Concat(invalid)) + "\n");
        string outFolder = _folder.File("out");

        (int exitCode, string stdout, string log) = await CliRunner.RunAsync("run", input, "--out", outFolder, "--max-error-rate", "0.5");

        Assert.True(exitCode == 0, log + stdout);
        Assert.Equal($"note: {RecordSchema.NoSchemaNotice}", log.Split('\n')[0]);
        string run = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        Assert.Equal(valid, PublishedValues(run).Values);
        Assert.Equal(invalid.Length, File.ReadLines(Path.Combine(run, "rejects.jsonl")).Count());
        Assert.Equal(RecordSchema.NoSchemaName, SchemaOf(Path.Combine(run, "plan.json")));
        Assert.Equal(RecordSchema.NoSchemaName, SchemaOf(Path.Combine(run, "validation.json")));
    }

    [Fact]
    public async Task Plan_and_validate_need_no_schema_either()
    {
        string bucket = _folder.File("bucket");
        Directory.CreateDirectory(bucket);
        File.WriteAllText(Path.Combine(bucket, "mixed.jsonl"), "{\"a\":1}\n[2]\n\"three\"\n");

        (int planExit, string planOut, string planLog) = await CliRunner.RunAsync("plan", Path.Combine(bucket, "mixed.jsonl"), "--out", _folder.File("plan-out"));
        (int validateExit, string validateOut, string validateLog) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "mixed.jsonl", "--work-bucket", _folder.File("work"));

        Assert.True(planExit == 0, planLog + planOut);
        Assert.Equal($"note: {RecordSchema.NoSchemaNotice}", planLog.Split('\n')[0]);
        Assert.True(validateExit == 0, validateLog + validateOut);
        using JsonDocument summary = JsonDocument.Parse(validateOut);
        Assert.Equal(3, summary.RootElement.GetProperty("validRecords").GetInt64());
        Assert.Contains(RecordSchema.NoSchemaNotice, validateLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_rows_become_objects_of_strings_escaped_as_pythons_json_dumps_escapes_them()
    {
        string? replay = Environment.GetEnvironmentVariable("HYBRIDBATCH_NOSCHEMA_SEED");
        int seed = replay is null ? Random.Shared.Next() : int.Parse(replay, CultureInfo.InvariantCulture);
        output.WriteLine($"seed {seed}");
        string hint = $"seed {seed} (HYBRIDBATCH_NOSCHEMA_SEED={seed} replays)";
        string input = _folder.File("rows.csv");
        File.WriteAllBytes(input, Encoding.UTF8.GetBytes(RandomCsv(new Random(seed), rows: 3_000)));
        string outFolder = _folder.File("csv-out");

        (int exitCode, string stdout, string log) = await CliRunner.RunAsync("run", input, "--out", outFolder, "--chunk-records", "97", "--max-error-rate", "0");

        Assert.True(exitCode == 0, $"{hint}\n{log}{stdout}");
        string run = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        SortedDictionary<long, string> published = PublishedValues(run);
        string ours = _folder.File("ours.jsonl");
        File.WriteAllText(ours, string.Join("\n", published.Values) + "\n");
        string verdict = CompareWithPython(input, ours);
        Assert.True(verdict == $"ok {published.Count}", $"{hint}: {verdict}");
        Assert.Equal(3_000, published.Count);
    }

    // Header names and fields with what escapers get wrong: quotes, backslashes, control characters (quoted, as CSV
    // needs for line breaks), HTML characters and '+', non-ASCII, emoji, U+2028, and empty fields.
    private static readonly string[] s_header = ["id", "na\"me", "<tag>&'+", "caf\u00e9 \U0001F600", "plain"];

    private static readonly string[] s_pieces =
    [
        "a", "Z9", " ", "\"", "\\", "/", "<", ">", "&", "'", "+", ",", "\n", "\r\n", "\t", "\u0001", "\u001f", "\b", "\f",
        "\u007f", "\u00e9", "\u20ac", "\u2028", "\U0001F600", "\\u0041", "null", "42",
    ];

    private static string RandomCsv(Random random, int rows)
    {
        var text = new StringBuilder(string.Join(",", s_header.Select(Quote))).Append('\n');
        for (int row = 0; row < rows; row++)
        {
            for (int field = 0; field < s_header.Length; field++)
            {
                if (field > 0)
                {
                    text.Append(',');
                }

                var value = new StringBuilder();
                int pieces = random.Next(4) == 0 ? 0 : random.Next(1, 8);
                for (int i = 0; i < pieces; i++)
                {
                    value.Append(s_pieces[random.Next(s_pieces.Length)]);
                }

                // Quoted whenever it must be, and sometimes when it need not be.
                string cell = value.ToString();
                text.Append(cell.IndexOfAny(['"', ',', '\n', '\r']) >= 0 || cell.Length > 0 && random.Next(3) == 0 ? Quote(cell) : cell);
            }

            text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
        }

        return text.ToString();
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Each published message's value as its raw JSON text, by record index.</summary>
    private static SortedDictionary<long, string> PublishedValues(string run)
    {
        var values = new SortedDictionary<long, string>();
        foreach (string file in Directory.GetFiles(Path.Combine(run, "output")))
        {
            foreach (string line in File.ReadLines(file))
            {
                using JsonDocument envelope = JsonDocument.Parse(line);
                long index = long.Parse(envelope.RootElement.GetProperty("headers").GetProperty("recordIndex").GetString()!, CultureInfo.InvariantCulture);
                Assert.True(values.TryAdd(index, envelope.RootElement.GetProperty("value").GetRawText()), $"record {index} was published twice");
            }
        }

        return values;
    }

    private static string SchemaOf(string document)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(document));
        return json.RootElement.GetProperty("schema").GetString()!;
    }

    // Python reads the CSV itself and checks each of our messages both ways: json.loads gives the row, and
    // json.dumps(row, ensure_ascii=False) gives our bytes. Our lines are split on '\n' only (U+2028 is not a break).
    private static string CompareWithPython(string csvFile, string oursFile)
    {
        const string Script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                rows = list(csv.reader(f))
            header, rows = rows[0], rows[1:]
            with open(sys.argv[2], encoding='utf-8', newline='') as f:
                ours = f.read().split('\n')[:-1]
            if len(ours) != len(rows):
                print(f'Python read {len(rows)} rows, {len(ours)} were published'); sys.exit()
            for i, (row, message) in enumerate(zip(rows, ours)):
                expected = dict(zip(header, row))
                if json.loads(message) != expected:
                    print(f'record {i}: json.loads gives {json.loads(message)!r}, the row is {expected!r}'); sys.exit()
                dumped = json.dumps(expected, ensure_ascii=False, separators=(',', ':'))
                if message != dumped:
                    print(f'record {i}: ours {message!r}, json.dumps {dumped!r}'); sys.exit()
            print(f'ok {len(rows)}')
            """;
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(csvFile);
        start.ArgumentList.Add(oursFile);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using Process python = Process.Start(start)!;
        Task<string> error = python.StandardError.ReadToEndAsync();
        string verdict = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"python3 failed: {error.Result}");
        return verdict;
    }

    public void Dispose() => _folder.Dispose();
}
