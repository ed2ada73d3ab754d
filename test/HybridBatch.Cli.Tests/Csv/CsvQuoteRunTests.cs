using System.Text;
using System.Text.Json;

namespace HybridBatch.Cli.Tests.Csv;

/// <summary>The CSV reproductions of issue 12, each through <c>hybridbatch run</c>, named after what broke.</summary>
public class CsvQuoteRunTests
{
    [Fact]
    public async Task StrayQuoteInUnquotedFieldIsLiteral_ThreeRowsPublished()
    {
        using var run = new CsvRun(["a", "b", "c"]);
        run.Write("a,b,c\n1,ab\"c,3\n4,5,6\n7,8,9\n");

        (int exitCode, string output, string log) = await run.RunAsync();

        Assert.True(exitCode == 0, log + output);
        using JsonDocument report = run.Report();
        Assert.Equal(3, report.RootElement.GetProperty("totalRecords").GetInt64());
        Assert.Equal(3, report.RootElement.GetProperty("published").GetInt64());
        Assert.Equal("1|ab\"c|3", string.Join("|", run.Published()[0]));
    }

    [Fact]
    public async Task OnePercentOfRowsWithStrayQuotes_EveryRowPublished()
    {
        using var run = new CsvRun(["id", "height", "note"]);
        (string text, List<long> strayLines) = RowsWithStrayQuotes(20_000);
        run.Write(text);

        (int exitCode, string output, string log) = await run.RunAsync("--chunk-records", "3000");

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(200, strayLines.Count);
        using JsonDocument report = run.Report();
        Assert.Equal(20_000, report.RootElement.GetProperty("totalRecords").GetInt64());
        Assert.Equal(20_000, report.RootElement.GetProperty("published").GetInt64());
        SortedDictionary<long, string?[]> rows = run.Published();
        Assert.Equal("5'10\"", rows[strayLines[0] - 2][1]);
    }

    [Fact]
    public async Task StrictQuotes_RejectExactlyTheStrayQuoteRows()
    {
        using var run = new CsvRun(["id", "height", "note"]);
        (string text, List<long> strayLines) = RowsWithStrayQuotes(20_000);
        run.Write(text);

        (int exitCode, string output, string log) = await run.RunAsync("--chunk-records", "3000", "--csv-quotes", "strict", "--max-error-rate", "0.02");

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(strayLines, run.RejectedLines());
        using JsonDocument report = run.Report();
        Assert.Equal(20_000, report.RootElement.GetProperty("totalRecords").GetInt64());
        Assert.Equal(20_000 - strayLines.Count, report.RootElement.GetProperty("published").GetInt64());
        using JsonDocument plan = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run.RunFolder, "plan.json")));
        Assert.Equal("strict", plan.RootElement.GetProperty("csvQuotes").GetString());
        string reject = File.ReadLines(Path.Combine(run.RunFolder, "rejects.jsonl")).First();
        Assert.Contains("field 2: quote inside an unquoted field", reject);
    }

    [Fact]
    public async Task UnclosedQuoteAtRow150000Of200000_NothingPublishedAndTheLineIsNamed()
    {
        using var run = new CsvRun(["id", "name"]);
        var text = new StringBuilder("id,name\n");
        for (int row = 1; row <= 200_000; row++)
        {
            text.Append(row).Append(row == 150_000 ? ",\"never closed\n" : ",n\n");
        }

        run.Write(text.ToString());
        long offset = Encoding.UTF8.GetByteCount(text.ToString()[..text.ToString().IndexOf('"')]);

        (int exitCode, string output, _) = await run.RunAsync("--chunk-records", "20000");

        Assert.Equal(3, exitCode);
        Assert.False(run.AnythingPublished);
        using JsonDocument report = run.Report();
        Assert.Equal("validation_failed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("published").GetInt64());
        using JsonDocument validation = run.Validation();
        string error = Assert.Single(validation.RootElement.GetProperty("structuralErrors").EnumerateArray()).GetString()!;
        Assert.StartsWith($"line 150001 (byte offset {offset}): the quoted CSV field that opens here is still open at the end of the input", error);
        Assert.Contains("line 150001", output);
    }

    [Fact]
    public async Task CrOnlyLineEnds_FailTheGateWithOneFileLevelError()
    {
        using var run = new CsvRun(["a", "b"]);
        run.Write(string.Concat(Enumerable.Repeat("1,2\r", 100)).Insert(0, "a,b\r"));

        (int exitCode, string output, _) = await run.RunAsync();

        Assert.Equal(3, exitCode);
        Assert.False(run.AnythingPublished);
        using JsonDocument validation = run.Validation();
        string error = Assert.Single(validation.RootElement.GetProperty("structuralErrors").EnumerateArray()).GetString()!;
        Assert.Contains("CR-only line ends", error);
        Assert.Contains("CR-only line ends", output);
    }

    [Fact]
    public async Task Utf16File_FailsTheGateSayingItIsUtf16()
    {
        using var run = new CsvRun(["a", "b"]);
        run.Write([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a,b\r\n1,2\r\n3,4\r\n")]);

        (int exitCode, string output, _) = await run.RunAsync();

        Assert.Equal(3, exitCode);
        Assert.False(run.AnythingPublished);
        Assert.Contains("UTF-16 LE byte-order mark", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_json_lines_file_in_utf16_fails_the_gate_the_same_way()
    {
        using var folder = new TempFolder();
        string input = folder.File("orders.jsonl");
        File.WriteAllBytes(input, [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("{\"a\":1}\n")]);

        (int exitCode, string output, _) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--out", folder.File("out"));

        Assert.Equal(3, exitCode);
        Assert.Contains("UTF-16 BE byte-order mark", output);
    }

    [Fact]
    public async Task An_unknown_csv_quotes_value_is_a_usage_error_naming_the_choices()
    {
        using var run = new CsvRun(["a"]);
        run.Write("a\n1\n");

        (int exitCode, _, string log) = await run.RunAsync("--csv-quotes", "loose");

        Assert.Equal(2, exitCode);
        Assert.Contains("--csv-quotes must be lenient|strict, got 'loose'", log);
    }

    [Fact]
    public async Task Help_describes_csv_quotes()
    {
        (_, string output, _) = await CliRunner.RunAsync("help");

        Assert.Contains("--csv-quotes lenient|strict", output);
    }

    // Rows "i,h,n"; every hundredth row has 5'10" or ab"c in an unquoted field. Returns the lines of those rows.
    private static (string Text, List<long> StrayLines) RowsWithStrayQuotes(int rows)
    {
        var text = new StringBuilder("id,height,note\n");
        var strayLines = new List<long>();
        for (int row = 0; row < rows; row++)
        {
            bool stray = row % 100 == 42;
            text.Append(row).Append(',').Append(stray && row % 200 == 42 ? "5'10\"" : "170").Append(',')
                .Append(stray && row % 200 != 42 ? "ab\"c" : "\"quoted, fine\"").Append('\n');
            if (stray)
            {
                strayLines.Add(row + 2);
            }
        }

        return (text.ToString(), strayLines);
    }
}
