using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Records;

public class InputFormatTests
{
    [Theory]
    [InlineData("orders.jsonl", RecordFormat.JsonLines, ',', false)]
    [InlineData("orders.ndjson", RecordFormat.JsonLines, ',', false)]
    [InlineData("data/orders.json", RecordFormat.JsonLines, ',', false)]
    [InlineData("orders.csv", RecordFormat.Csv, ',', false)]
    [InlineData("orders.tsv", RecordFormat.Csv, '\t', false)]
    [InlineData("ORDERS.JSONL.GZ", RecordFormat.JsonLines, ',', true)]
    [InlineData("in/orders.csv.gz", RecordFormat.Csv, ',', true)]
    public void Detects_from_the_name(string name, RecordFormat format, char delimiter, bool gzip)
    {
        Assert.Equal(new InputFormat(format, (byte)delimiter, gzip), InputFormat.Detect(name));
    }

    [Fact]
    public void Options_override_the_name()
    {
        Assert.Equal(new InputFormat(RecordFormat.Csv, (byte)';', false), InputFormat.Detect("export.txt", RecordFormat.Csv, ';'));
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
