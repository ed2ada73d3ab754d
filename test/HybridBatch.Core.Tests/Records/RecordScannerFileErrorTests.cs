using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Records;

/// <summary>Inputs that are not UTF-8 text with LF or CRLF line ends: one file-level error, never a reject per line.</summary>
public class RecordScannerFileErrorTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00 }, "UTF-32 LE")]
    [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF }, "UTF-32 BE")]
    [InlineData(new byte[] { 0xFF, 0xFE }, "UTF-16 LE")]
    [InlineData(new byte[] { 0xFE, 0xFF }, "UTF-16 BE")]
    public void A_utf16_or_utf32_byte_order_mark_names_the_encoding(byte[] bom, string encoding)
    {
        foreach (RecordFormat format in new[] { RecordFormat.JsonLines, RecordFormat.Csv })
        {
            byte[] text = EncodingOf(encoding).GetBytes("a,b\n1,2\n");
            byte[] data = [.. bom, .. text];

            var error = Assert.Throws<InputFormatException>(() => Scanned.All(data, format, step: 1));

            Assert.Contains($"starts with a {encoding} byte-order mark", error.Message);
            Assert.Contains("convert it to UTF-8", error.Message);
        }
    }

    [Fact]
    public void A_utf16_file_written_by_dotnet_is_refused_as_utf16()
    {
        byte[] data = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"a\":1}\n{\"a\":2}\n")];

        var error = Assert.Throws<InputFormatException>(() => Scanned.All(data, RecordFormat.JsonLines));

        Assert.StartsWith("byte offset 0: the input starts with a UTF-16 LE byte-order mark", error.Message);
    }

    [Fact]
    public void A_worker_reading_from_inside_the_file_does_not_look_for_a_byte_order_mark()
    {
        // 0xFF 0xFE is not UTF-8, so the record is flagged, but only the split (offset 0) checks for a BOM.
        List<Scanned> records = Scanned.All([0xFF, 0xFE, (byte)'x', (byte)'\n'], RecordFormat.JsonLines, baseOffset: 10);

        Assert.Equal(RecordProblem.InvalidUtf8, Assert.Single(records).Problem);
    }

    [Theory]
    [InlineData(RecordFormat.JsonLines, "{\"a\":1}\r{\"a\":2}\r{\"a\":3}\r")]
    [InlineData(RecordFormat.Csv, "a,b\r1,2\r3,4\r")]
    [InlineData(RecordFormat.Csv, "\"a\",\"b\"\r\"1\",\"2\"\r")]
    [InlineData(RecordFormat.Csv, "a,b\r1,\"x\r\ny\"\r")]
    public void Cr_only_line_ends_are_one_file_level_error(RecordFormat format, string text)
    {
        var error = Assert.Throws<InputFormatException>(() => Scanned.All(text, format, step: 2));

        Assert.Contains("CR-only line ends", error.Message);
        Assert.StartsWith("line 1 (byte offset ", error.Message);
    }

    [Fact]
    public void Cr_only_lines_longer_than_the_record_limit_are_still_named_as_cr_only()
    {
        var options = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string text = string.Concat(Enumerable.Repeat("1,abc\r", 20));

        var error = Assert.Throws<InputFormatException>(() => Scanned.All(text, RecordFormat.Csv, step: 3, options: options));

        Assert.Contains("CR-only line ends", error.Message);
    }

    [Fact]
    public void Cr_only_lines_with_a_quote_that_seems_open_are_named_as_cr_only()
    {
        // Without line feeds the quote below never meets its end of record: the CR is the better explanation.
        var error = Assert.Throws<InputFormatException>(() => Scanned.All("a,b\r1,\"x\r", RecordFormat.Csv));

        Assert.Contains("CR-only line ends", error.Message);
    }

    [Theory]
    [InlineData(RecordFormat.JsonLines, "{\"a\":1}\r\n{\"a\":2}\r\n")]
    [InlineData(RecordFormat.Csv, "a,b\r\n1,2\r\n")]
    [InlineData(RecordFormat.Csv, "a,\"b\rc\"\n1,2\n")]
    [InlineData(RecordFormat.Csv, "a,\"b\r\"\"c\"\r\n1,2\r\n")]
    [InlineData(RecordFormat.Csv, "a,b\r\r\n1,2\r\n")]
    public void Crlf_files_and_quoted_carriage_returns_are_not_cr_only(RecordFormat format, string text)
    {
        List<Scanned> records = Scanned.All(text, format, step: 1);

        Assert.Equal(2, records.Count);
    }

    [Theory]
    [InlineData(RecordFormat.Csv, "a,b\rc\n1,2\n")]
    [InlineData(RecordFormat.JsonLines, "{\"a\":\r1}\n{\"a\":2}\n")]
    public void A_stray_carriage_return_in_a_first_line_ended_by_a_line_feed_is_not_cr_only(RecordFormat format, string text)
    {
        Assert.Equal(2, Scanned.All(text, format, step: 1).Count);
    }

    [Fact]
    public void A_carriage_return_after_the_first_record_is_data_not_a_file_error()
    {
        // Only the first record is looked at: the check costs nothing per record afterwards.
        List<Scanned> records = Scanned.All("a,b\n1,x\ry\n", RecordFormat.Csv);

        Assert.Equal(["a,b", "1,x\ry"], records.Select(r => r.Content));
    }

    private static Encoding EncodingOf(string name) => name switch
    {
        "UTF-32 LE" => new UTF32Encoding(bigEndian: false, byteOrderMark: false),
        "UTF-32 BE" => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
        "UTF-16 LE" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        _ => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
    };
}
