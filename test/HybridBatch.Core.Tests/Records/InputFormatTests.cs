using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Records;

public class InputFormatTests
{
    [Theory]
    [InlineData("orders.jsonl", RecordFormat.JsonLines, ',', InputCompression.None)]
    [InlineData("orders.ndjson", RecordFormat.JsonLines, ',', InputCompression.None)]
    [InlineData("data/orders.json", RecordFormat.JsonLines, ',', InputCompression.None)]
    [InlineData("orders.csv", RecordFormat.Csv, ',', InputCompression.None)]
    [InlineData("orders.tsv", RecordFormat.Csv, '\t', InputCompression.None)]
    [InlineData("ORDERS.JSONL.GZ", RecordFormat.JsonLines, ',', InputCompression.Gzip)]
    [InlineData("in/orders.csv.gz", RecordFormat.Csv, ',', InputCompression.Gzip)]
    [InlineData("ORDERS.NDJSON.ZST", RecordFormat.JsonLines, ',', InputCompression.Zstd)]
    [InlineData("in/orders.tsv.zst", RecordFormat.Csv, '\t', InputCompression.Zstd)]
    public void Detects_from_the_name(string name, RecordFormat format, char delimiter, InputCompression compression)
    {
        Assert.Equal(new InputFormat(format, (byte)delimiter, compression), InputFormat.Detect(name));
    }

    [Fact]
    public void Options_override_the_name()
    {
        Assert.Equal(new InputFormat(RecordFormat.Csv, (byte)';', InputCompression.None), InputFormat.Detect("export.txt", RecordFormat.Csv, ';'));
    }

    [Fact]
    public void Unknown_extension_is_an_error_that_names_the_file()
    {
        FormatException error = Assert.Throws<FormatException>(() => InputFormat.Detect("export.txt"));

        Assert.Contains("export.txt", error.Message);
        Assert.Contains("--format", error.Message);
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('\u00e9')]
    public void Bad_delimiters_are_refused(char delimiter)
    {
        Assert.Throws<FormatException>(() => InputFormat.Detect("a.csv", null, delimiter));
    }
}
