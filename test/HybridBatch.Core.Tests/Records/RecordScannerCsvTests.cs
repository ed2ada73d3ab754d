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

    [Fact]
    public void Quote_open_at_the_end_of_input_is_flagged()
    {
        List<Scanned> records = Scanned.All("1,ok\n2,\"never closed\n3,x\n", RecordFormat.Csv);

        Assert.Equal(2, records.Count);
        Assert.Equal(RecordProblem.None, records[0].Problem);
        Assert.Equal(RecordProblem.UnterminatedQuote, records[1].Problem);
    }

    [Fact]
    public void Empty_lines_are_skipped_but_a_line_of_spaces_is_a_record()
    {
        List<Scanned> records = Scanned.All("a\n\n  \n\r\nb", RecordFormat.Csv);

        Assert.Equal(["a", "  ", "b"], records.Select(r => r.Content));
        Assert.Equal([1L, 3L, 5L], records.Select(r => r.Line));
    }

    [Fact]
    public void Over_long_quoted_record_is_skipped_to_its_real_end()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string quoted = "\"" + string.Join("\n", Enumerable.Repeat("abcdefgh", 6)) + "\"";

        List<Scanned> records = Scanned.All($"1,x\n2,{quoted}\n3,y\n", RecordFormat.Csv, step: 3, options: options);

        Assert.Equal(3, records.Count);
        Assert.Equal(RecordProblem.TooLong, records[1].Problem);
        Assert.Equal("3,y", records[2].Content);
        Assert.Equal(8L, records[2].Line);
    }
}
