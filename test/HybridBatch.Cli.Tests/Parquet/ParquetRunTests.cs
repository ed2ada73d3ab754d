using System.Text.Json;
using Parquet;
using Parquet.Meta;

namespace HybridBatch.Cli.Tests.Parquet;

/// <summary>
/// Parquet files written by DuckDB (every mapped type, nulls, lists, structs, maps, several row groups; snappy, zstd
/// and gzip pages) through <c>hybridbatch run</c>: the published JSON matches what DuckDB reads from the same file,
/// row for row; values JSON cannot hold are rejects with their row group and row; damaged files and schemas that
/// cannot fit fail the gate (exit 3) with a located error, nothing published, no stack trace.
/// </summary>
public sealed class ParquetRunTests(ParquetReferenceFiles files) : IClassFixture<ParquetReferenceFiles>, IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public async Task DuckDB_files_publish_what_duckdb_reads_row_for_row(string codec)
    {
        (int exitCode, string output, string log, string runFolder) = await RunAsync(files.File($"types-{codec}.parquet"), "{\"type\":\"object\"}", "--chunk-records", "2048");

        Assert.True(exitCode == 0, log + output);
        DuckDbRows.AssertSameRows(files.File("types.expected.jsonl"), DuckDbRows.Published(Path.Combine(runFolder, "output")));

        using JsonDocument plan = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "plan.json")));
        JsonElement chunks = plan.RootElement.GetProperty("chunks");
        Assert.Equal("parquet", plan.RootElement.GetProperty("format").GetString());
        Assert.Equal(files.RowGroups.Length, chunks.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, files.RowGroups.Length), chunks.EnumerateArray().Select(c => c.GetProperty("firstRowGroup").GetInt32()));
    }

    [Fact]
    public async Task NaN_and_infinities_are_rejected_with_their_row_group_and_row()
    {
        (int exitCode, string output, string log, string runFolder) = await RunAsync(files.File("nonfinite.parquet"),
            "{\"type\":\"object\",\"required\":[\"id\",\"v\"]}", "--max-error-rate", "1");

        Assert.True(exitCode == 0, log + output);
        SortedDictionary<long, string> published = DuckDbRows.Published(Path.Combine(runFolder, "output"));
        long[] finite = Enumerable.Range(0, 20).Where(i => i % 5 is 0 or 4).Select(i => (long)i).ToArray();
        Assert.Equal(finite, published.Keys);
        List<JsonElement> rejects = File.ReadLines(Path.Combine(runFolder, "rejects.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 5 is 1 or 2 or 3).Select(i => (long)i), rejects.Select(r => r.GetProperty("index").GetInt64()));
        JsonElement first = rejects[0];
        Assert.Equal(0, first.GetProperty("rowGroup").GetInt32());
        Assert.Equal(1, first.GetProperty("rowInGroup").GetInt64());
        Assert.Equal("column 'v': NaN has no JSON value", first.GetProperty("reason").GetString());
        Assert.Equal("column 'v': Infinity has no JSON value", rejects[1].GetProperty("reason").GetString());
        Assert.Equal("column 'v': -Infinity has no JSON value", rejects[2].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_truncated_parquet_file_fails_with_a_located_error_and_publishes_nothing()
    {
        byte[] whole = await File.ReadAllBytesAsync(files.File("types-snappy.parquet"));
        string input = _folder.File("cut.parquet");
        await File.WriteAllBytesAsync(input, whole[..(whole.Length / 2)]);

        (int exitCode, string output, string log, string runFolder) = await RunAsync(input, "{\"type\":\"object\"}");

        AssertFailedClosed(exitCode, output, log, runFolder,
            $"cut.parquet: the last 4 bytes (offset {whole.Length / 2 - 4}) are not PAR1: not a complete Parquet file (truncated, or not Parquet)");
    }

    [Fact]
    public async Task A_corrupt_page_fails_with_a_located_error_and_publishes_nothing()
    {
        string source = files.File("types-gzip.parquet");
        byte[] bytes = await File.ReadAllBytesAsync(source);
        long pageStart;
        await using (FileStream stream = File.OpenRead(source))
        await using (ParquetReader reader = await ParquetReader.CreateAsync(stream))
        {
            // The 's' column of row group 1: damage its compressed page well past the page header.
            ColumnMetaData column = reader.Metadata!.RowGroups[1].Columns[1].MetaData!;
            pageStart = column.DictionaryPageOffset is long d && d > 0 ? d : column.DataPageOffset;
            long middle = pageStart + column.TotalCompressedSize / 2;
            for (long i = middle; i < middle + 16; i++)
            {
                bytes[i] ^= 0x5A;
            }
        }

        string input = _folder.File("corrupt.parquet");
        await File.WriteAllBytesAsync(input, bytes);

        (int exitCode, string output, string log, string runFolder) = await RunAsync(input, "{\"type\":\"object\"}");

        AssertFailedClosed(exitCode, output, log, runFolder, "corrupt.parquet: row group 1 (bytes [");
        Assert.Contains("column 's' cannot be read: ", output);
    }

    [Fact]
    public async Task A_required_property_with_no_column_fails_the_gate_naming_it()
    {
        (int exitCode, string output, string log, string runFolder) = await RunAsync(files.File("types-snappy.parquet"),
            "{\"type\":\"object\",\"required\":[\"id\",\"customer\"]}");

        AssertFailedClosed(exitCode, output, log, runFolder, "the Parquet file has no column 'customer', a required property of schema 'parquet.schema.json'");
    }

    [Fact]
    public async Task A_column_whose_type_the_schema_forbids_fails_the_gate_naming_it()
    {
        (int exitCode, string output, string log, string runFolder) = await RunAsync(files.File("types-snappy.parquet"),
            "{\"type\":\"object\",\"properties\":{\"i32\":{\"type\":\"string\"},\"ts\":{\"type\":\"string\",\"format\":\"date-time\"}}}");

        AssertFailedClosed(exitCode, output, log, runFolder, "column 'i32' holds integer or null in every row, which schema 'parquet.schema.json' forbids at #/properties/i32 (expected string)");
    }

    private static void AssertFailedClosed(int exitCode, string output, string log, string runFolder, string expected)
    {
        Assert.True(exitCode == 3, $"exit {exitCode}\n{log}\n{output}");
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json")));
        Assert.Equal("validation_failed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("published").GetInt64());
        Assert.False(Directory.Exists(Path.Combine(runFolder, "output")) && Directory.EnumerateFiles(Path.Combine(runFolder, "output")).Any(f => new FileInfo(f).Length > 0));
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("   at ", log);
    }

    private async Task<(int ExitCode, string Out, string Log, string RunFolder)> RunAsync(string input, string schema, params string[] options)
    {
        string schemaFile = _folder.File("parquet.schema.json");
        await File.WriteAllTextAsync(schemaFile, schema);
        string outFolder = _folder.File("out-" + Guid.NewGuid().ToString("N"));
        (int exitCode, string output, string log) = await CliRunner.RunAsync(["run", input, "--schema", schemaFile, "--out", outFolder, .. options]);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        return (exitCode, output, log, runFolder);
    }

    public void Dispose() => _folder.Dispose();
}
