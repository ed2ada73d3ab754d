using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Records;

public class RecordScannerCsvTests
{
    public static TheoryData<int> Steps => new() { 1, 2, 5, int.MaxValue };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Newline_inside_quotes_does_not_end_the_record(int step)
    {
        List<Scanned> records = Scanned.All("a,b\n1,\"x\ny\"\n2,z\n", RecordFormat.Csv, step);

        Assert.Equal(["a,b", "1,\"x\ny\"", "2,z"], records.Select(r => r.Content));
        Assert.Equal([1L, 2L, 4L], records.Select(r => r.Line));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Crlf_inside_quotes_is_kept_and_outside_is_removed(int step)
    {
        List<Scanned> records = Scanned.All("1,\"x\r\ny\"\r\n2,z\r\n", RecordFormat.Csv, step);

        Assert.Equal(["1,\"x\r\ny\"", "2,z"], records.Select(r => r.Content));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Doubled_quotes_keep_the_quote_state(int step)
    {
        List<Scanned> records = Scanned.All("1,\"say \"\"hi\"\"\nthere\"\n2,x\n", RecordFormat.Csv, step);

        Assert.Equal(2, records.Count);
        Assert.Equal("1,\"say \"\"hi\"\"\nthere\"", records[0].Content);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Quote_open_at_the_end_of_input_is_an_input_format_error_naming_where_it_opened(int step)
    {
        var error = Assert.Throws<InputFormatException>(() => Scanned.All("1,ok\n2,\"never closed\n3,x\n", RecordFormat.Csv, step));

        Assert.StartsWith("line 2 (byte offset 7): the quoted CSV field that opens here is still open at the end of the input", error.Message);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void StrayQuoteInUnquotedFieldIsLiteral_rows_stay_apart(int step)
    {
        List<Scanned> records = Scanned.All("a,b,c\n1,ab\"c,3\n4,5,6\n7,8,9\n", RecordFormat.Csv, step);

        Assert.Equal(["a,b,c", "1,ab\"c,3", "4,5,6", "7,8,9"], records.Select(r => r.Content));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Quotes_after_the_start_of_a_field_never_open_one(int step)
    {
        // 5'10", a doubled quote in unquoted text, text after a closing quote with a quote in it, a quote after a space.
        const string text = "1,5'10\",x\n2,a\"\"b,y\n3,\"q\"r\"s,z\n4, \"t,u\n5,end\n";

        List<Scanned> records = Scanned.All(text, RecordFormat.Csv, step);

        Assert.Equal(["1,5'10\",x", "2,a\"\"b,y", "3,\"q\"r\"s,z", "4, \"t,u", "5,end"], records.Select(r => r.Content));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], records.Select(r => r.Line));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_quote_right_after_the_delimiter_opens_a_field_that_holds_line_breaks(int step)
    {
        List<Scanned> records = Scanned.All("x\t\"a\nb\"\ty\nz\n", RecordFormat.Csv, step, delimiter: (byte)'\t');

        Assert.Equal(["x\t\"a\nb\"\ty", "z"], records.Select(r => r.Content));
        Assert.Equal([1L, 3L], records.Select(r => r.Line));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_comma_quote_is_not_a_field_start_when_the_delimiter_is_a_tab(int step)
    {
        List<Scanned> records = Scanned.All("x,\"a\tb\nc\n", RecordFormat.Csv, step, delimiter: (byte)'\t');

        Assert.Equal(["x,\"a\tb", "c"], records.Select(r => r.Content));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Doubled_quote_split_across_reads_keeps_the_field_open(int step)
    {
        // The quote pair sits at every possible read boundary for small steps.
        List<Scanned> records = Scanned.All("\"a\"\"\nb\",c\nd\n", RecordFormat.Csv, step);

        Assert.Equal(["\"a\"\"\nb\",c", "d"], records.Select(r => r.Content));
    }

    [Fact]
    public void Empty_lines_are_skipped_but_a_line_of_spaces_is_a_record()
    {
        List<Scanned> records = Scanned.All("a\n\n  \n\r\nb", RecordFormat.Csv);

        Assert.Equal(["a", "  ", "b"], records.Select(r => r.Content));
        Assert.Equal([1L, 3L, 5L], records.Select(r => r.Line));
    }

    [Fact]
    public void Over_long_quoted_field_is_an_input_format_error_not_a_fold_of_later_rows()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string quoted = "\"" + string.Join("\n", Enumerable.Repeat("abcdefgh", 6)) + "\"";

        var error = Assert.Throws<InputFormatException>(() => Scanned.All($"1,x\n2,{quoted}\n3,y\n", RecordFormat.Csv, step: 3, options: options));

        Assert.StartsWith("line 2 (byte offset 6): the quoted CSV field that opens here runs past the 16-byte record limit (--max-record-bytes)", error.Message);
    }

    [Fact]
    public void Over_long_unquoted_record_is_that_records_reject_and_a_quote_later_in_it_is_followed()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string text = "1,x\n2," + new string('a', 40) + ",\"p\nq\"\n3,y\n";

        List<Scanned> records = Scanned.All(text, RecordFormat.Csv, step: 3, options: options);

        Assert.Equal(3, records.Count);
        Assert.Equal(RecordProblem.TooLong, records[1].Problem);
        Assert.Equal("3,y", records[2].Content);
        Assert.Equal(4L, records[2].Line);
    }

    [Fact]
    public void Quote_opened_in_the_skipped_part_of_a_long_record_and_never_closed_names_its_line()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string text = "1,x\n2," + new string('a', 40) + ",\"open\n3,y\n";

        var error = Assert.Throws<InputFormatException>(() => Scanned.All(text, RecordFormat.Csv, step: 5, options: options));

        Assert.StartsWith("line 2 (byte offset 47): the quoted CSV field that opens here is still open at the end of the input", error.Message);
    }

    [Fact]
    public void Quote_opened_in_the_skipped_part_of_a_long_record_that_runs_past_the_limit_is_an_error()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string text = "1,x\n2," + new string('a', 40) + ",\"" + string.Concat(Enumerable.Repeat("b\n", 30)) + "\"\n3,y\n";

        var error = Assert.Throws<InputFormatException>(() => Scanned.All(text, RecordFormat.Csv, step: 5, options: options));

        Assert.StartsWith("line 2 (byte offset 47): the quoted CSV field that opens here runs past the 16-byte record limit", error.Message);
    }

    [Theory]
    [InlineData("1,\"qqqqqqqqqqqqqqqq\"\n2,y\n")]
    [InlineData("1,\"qqqqqqqqqqqqqqq\"\n2,y\n")]
    [InlineData("1,aaaaaaaaaaaaaaaaaaaaaaaa,\"qqqqqqqqqqqqqqqqqq\"\n2,y\n")]
    [InlineData("1,aaaaaaaaaaaaaaaaaaaaaaaa,\"qq\nqq\"\n2,y\n")]
    [InlineData("1,aaaaaaaaaaaaaaaaaaaaaaaa,\"qq\nqq\n2,y\n")]
    [InlineData("1,\"qq\"\"\"\"qqqqqqqqqqq\"\n2,y\n")]
    public void Long_quoted_fields_get_the_same_outcome_however_the_input_is_cut_into_reads(string text)
    {
        string Outcome(int step, int readSize)
        {
            try
            {
                var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = readSize };
                return string.Join("|", Scanned.All(text, RecordFormat.Csv, step, options).Select(r => $"{r.Line}:{r.Problem}:{r.Content}"));
            }
            catch (InputFormatException error)
            {
                return error.Message;
            }
        }

        string expected = Outcome(int.MaxValue, 1024);
        for (int step = 1; step <= 20; step++)
        {
            foreach (int readSize in new[] { 16, 17, 23, 48 })
            {
                Assert.Equal(expected, Outcome(step, readSize));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(500)]
    public void A_worker_starting_at_any_chunk_boundary_frames_exactly_what_the_whole_scan_framed(int chunkRecords)
    {
        byte[] data = Encoding.UTF8.GetBytes(NastyCsv(seed: chunkRecords, rows: 1500));
        List<Scanned> whole = Scanned.All(data, RecordFormat.Csv, step: 4093);

        for (int first = 0; first < whole.Count; first += chunkRecords)
        {
            Scanned start = whole[first];
            byte[] rest = data[(int)start.ByteOffset..];
            List<Scanned> fromBoundary = Scanned.All(rest, RecordFormat.Csv, step: 977, baseOffset: start.ByteOffset, firstLine: start.Line, firstIndex: start.Index);

            Assert.Equal(whole.Skip(first), fromBoundary);
        }
    }

    // Quoted commas and line breaks (LF and CRLF), doubled quotes, stray quotes, text after closing quotes.
    private static string NastyCsv(int seed, int rows)
    {
        var random = new Random(seed);
        string[] cells = ["plain", "\"a,b\"", "\"x\ny\"", "\"x\r\ny\"", "\"say \"\"hi\"\"\"", "5'10\"", "ab\"c", "\"q\"r", "", "\"\"", "caf\u00e9"];
        var text = new StringBuilder("a,b,c\n");
        for (int row = 0; row < rows; row++)
        {
            text.Append(string.Join(",", Enumerable.Range(0, 3).Select(_ => cells[random.Next(cells.Length)])));
            text.Append(random.Next(4) == 0 ? "\r\n" : "\n");
        }

        return text.ToString();
    }
}
