using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Records;

public class RecordScannerJsonLinesTests
{
    public static TheoryData<int> Steps => new() { 1, 2, 3, 7, 64, int.MaxValue };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Lf_lines_are_records_with_index_line_and_offset(int step)
    {
        List<Scanned> records = Scanned.All("{\"a\":1}\n{\"a\":2}\n", RecordFormat.JsonLines, step);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], records.Select(r => r.Content));
        Assert.Equal([0L, 1L], records.Select(r => r.Index));
        Assert.Equal([1L, 2L], records.Select(r => r.Line));
        Assert.Equal([0L, 8L], records.Select(r => r.ByteOffset));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Crlf_endings_are_removed(int step)
    {
        List<Scanned> records = Scanned.All("{\"a\":1}\r\n{\"a\":2}\r\n", RecordFormat.JsonLines, step);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], records.Select(r => r.Content));
        Assert.Equal([0L, 9L], records.Select(r => r.ByteOffset));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Last_line_without_newline_is_a_record(int step)
    {
        List<Scanned> records = Scanned.All("{\"a\":1}\n{\"a\":2}", RecordFormat.JsonLines, step);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], records.Select(r => r.Content));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Blank_and_whitespace_lines_are_skipped_but_counted_as_lines(int step)
    {
        List<Scanned> records = Scanned.All("\n{\"a\":1}\n\n  \t\r\n\r\n{\"a\":2}\n\n", RecordFormat.JsonLines, step);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], records.Select(r => r.Content));
        Assert.Equal([0L, 1L], records.Select(r => r.Index));
        Assert.Equal([2L, 6L], records.Select(r => r.Line));
        Assert.Equal([1L, 17L], records.Select(r => r.ByteOffset));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Utf8_bom_at_the_start_is_skipped(int step)
    {
        byte[] data = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"a\":1}\n")];

        Scanned record = Assert.Single(Scanned.All(data, RecordFormat.JsonLines, step));

        Assert.Equal("{\"a\":1}", record.Content);
        Assert.Equal(3L, record.ByteOffset);
    }

    [Fact]
    public void Bom_is_not_skipped_in_a_range_that_starts_later()
    {
        byte[] data = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("x\n")];

        Scanned record = Assert.Single(Scanned.All(data, RecordFormat.JsonLines, baseOffset: 100));

        Assert.Equal(RecordProblem.None, record.Problem);
        Assert.StartsWith("\uFEFF", record.Content);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Invalid_utf8_is_flagged_with_its_offset(int step)
    {
        byte[] data = [.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}\n{\"b\":1}\n")];

        List<Scanned> records = Scanned.All(data, RecordFormat.JsonLines, step);

        Assert.Equal(RecordProblem.InvalidUtf8, records[0].Problem);
        Assert.Equal(6, records[0].ProblemOffset);
        Assert.Equal(RecordProblem.None, records[1].Problem);
        Assert.Equal("{\"b\":1}", records[1].Content);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Over_long_line_is_flagged_and_the_next_line_is_intact(int step)
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string longLine = "{\"a\":\"" + new string('x', 100) + "\"}";

        List<Scanned> records = Scanned.All($"{{\"a\":1}}\n{longLine}\n{{\"a\":2}}\n", RecordFormat.JsonLines, step, options);

        Assert.Equal(3, records.Count);
        Assert.Equal(RecordProblem.TooLong, records[1].Problem);
        Assert.Equal(16, records[1].Content.Length);
        Assert.Equal(2L, records[1].Line);
        Assert.Equal("{\"a\":2}", records[2].Content);
        Assert.Equal(3L, records[2].Line);
        Assert.Equal(8L + longLine.Length + 1, records[2].ByteOffset);
    }

    [Fact]
    public void Over_long_last_line_without_newline_is_flagged()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };

        Scanned record = Assert.Single(Scanned.All(new string('y', 200), RecordFormat.JsonLines, options: options));

        Assert.Equal(RecordProblem.TooLong, record.Problem);
    }

    [Fact]
    public void Line_of_exactly_the_limit_is_not_too_long()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string line = new('z', 16);

        List<Scanned> records = Scanned.All($"{line}\r\n{line}\n", RecordFormat.JsonLines, step: 5, options: options);

        Assert.All(records, r => Assert.Equal(RecordProblem.None, r.Problem));
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Empty_input_has_no_records()
    {
        Assert.Empty(Scanned.All("", RecordFormat.JsonLines));
        Assert.Empty(Scanned.All("\n\n\r\n", RecordFormat.JsonLines));
    }

    [Fact]
    public void First_index_line_and_offset_can_start_anywhere()
    {
        List<Scanned> records = Scanned.All(Encoding.UTF8.GetBytes("a\nb\n"), RecordFormat.JsonLines, baseOffset: 1000, firstLine: 50, firstIndex: 7);

        Assert.Equal([7L, 8L], records.Select(r => r.Index));
        Assert.Equal([50L, 51L], records.Select(r => r.Line));
        Assert.Equal([1000L, 1002L], records.Select(r => r.ByteOffset));
    }
}
