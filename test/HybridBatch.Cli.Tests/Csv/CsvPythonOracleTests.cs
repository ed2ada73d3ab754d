using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HybridBatch.Cli.Tests.Csv;

/// <summary>
/// Differential test against a reader this project did not write: Python's standard-library <c>csv</c> module
/// (default dialect, <c>newline=''</c>) reads the same random file that <c>hybridbatch run</c> publishes in small
/// chunks, and the two must agree row for row and field for field.
/// </summary>
/// <remarks>
/// Where the two readers differ on purpose, the comparison says so: an unquoted empty field is "no value" (absent
/// from our JSON) while Python gives ""; Python yields [] for a blank line, which our scanner skips. The generator
/// writes no bare CR outside quotes (Python ends a row there; a first record with one is our CR-only file error) and
/// no quote left open (Python returns the rest of the file as one field; ours is a structural error).
/// Set HYBRIDBATCH_CSV_ORACLE_SEED to replay a failing seed.
/// </remarks>
public class CsvPythonOracleTests
{
    private const string PythonReader = """
        import csv, json, sys
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            rows = [row for row in csv.reader(f) if row != []]
        json.dump(rows[1:], sys.stdout)
        """;

    private static readonly string[] s_columns = ["c0", "c1", "c2", "c3", "c4"];

    // Each a whole field as written in the file; none holds an unquoted delimiter, a bare CR outside quotes or an open quote.
    private static readonly string[] s_cells =
    [
        "plain", "x", "42", "", "\"\"", "\"a,b\"", "\",\"", "\"x\ny\"", "\"x\r\ny\"", "\"x\ry\"", "\"\n\"",
        "\"say \"\"hi\"\"\"", "\"\"\"\"", "ab\"c", "5'10\"", "x\"\"y", "a\"", "\"ab\"c", "\"ab\"c\"d", "\"\"x",
        "\"q\"\"\"r", "caf\u00e9", "\u65e5\u672c\u8a9e", "\"\u00fc,\u00f6\"", "\U0001F600", " a ", " \"x\"", "\"a\"\" ,\r\n\"",
    ];

    [Fact]
    public async Task Random_csv_files_read_as_pythons_csv_reads_them()
    {
        string? replay = Environment.GetEnvironmentVariable("HYBRIDBATCH_CSV_ORACLE_SEED");
        int seed = replay is null ? Random.Shared.Next() : int.Parse(replay, CultureInfo.InvariantCulture);
        using var run = new CsvRun(s_columns);
        run.Write(RandomCsv(new Random(seed), rows: 20_000));

        (int exitCode, string output, string log) = await run.RunAsync("--chunk-records", "997", "--threshold", "500", "--max-error-rate", "0");

        string replayHint = $"seed {seed} (set HYBRIDBATCH_CSV_ORACLE_SEED={seed} to replay)";
        Assert.True(exitCode == 0, $"{replayHint}\n{log}{output}");
        List<string[]> expected = ReadWithPython(run.Input);
        SortedDictionary<long, string?[]> published = run.Published();
        using (JsonDocument report = run.Report())
        {
            Assert.True(expected.Count == report.RootElement.GetProperty("totalRecords").GetInt64(), $"{replayHint}: Python read {expected.Count} rows, the report counts {report.RootElement.GetProperty("totalRecords").GetInt64()}");
        }

        Assert.True(expected.Count == published.Count, $"{replayHint}: Python read {expected.Count} rows, {published.Count} were published");
        for (int index = 0; index < expected.Count; index++)
        {
            string[] python = expected[index];
            Assert.True(published.TryGetValue(index, out string?[]? ours), $"{replayHint}: record {index} was not published");
            Assert.True(python.Length == s_columns.Length, $"{replayHint}: Python read {python.Length} fields in row {index}");
            for (int field = 0; field < s_columns.Length; field++)
            {
                // Absent (unquoted empty) is Python's "".
                string value = ours![field] ?? "";
                Assert.True(python[field] == value,
                    $"{replayHint}: record {index} field {field + 1}: Python {JsonSerializer.Serialize(python[field])}, ours {JsonSerializer.Serialize(ours[field])}");
            }
        }
    }

    private static string RandomCsv(Random random, int rows)
    {
        var text = new StringBuilder(string.Join(",", s_columns)).Append("\r\n");
        for (int row = 0; row < rows; row++)
        {
            for (int field = 0; field < s_columns.Length; field++)
            {
                if (field > 0)
                {
                    text.Append(',');
                }

                text.Append(s_cells[random.Next(s_cells.Length)]);
            }

            bool last = row == rows - 1;
            if (!last || random.Next(2) == 0)
            {
                text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
            }

            if (!last && random.Next(200) == 0)
            {
                // A blank line: Python yields [], our scanner skips it.
                text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
            }
        }

        return text.ToString();
    }

    private static List<string[]> ReadWithPython(string file)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(PythonReader);
        start.ArgumentList.Add(file);
        using Process python = Process.Start(start)!;
        Task<string> error = python.StandardError.ReadToEndAsync();
        string json = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"python3 failed: {error.Result}");
        return JsonSerializer.Deserialize<List<string[]>>(json)!;
    }
}
