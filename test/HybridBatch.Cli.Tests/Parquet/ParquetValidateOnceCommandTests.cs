using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace HybridBatch.Cli.Tests.Parquet;

/// <summary>
/// Parquet rows are judged once, by the split, as JSON Lines records are (<see cref="ValidateOnceCommandTests"/>):
/// <c>hybridbatch process</c> publishes the split's valid rows without running the schema, checks the row groups'
/// and the footer's hashes, and validates again only with <c>--revalidate</c>; <c>run</c> reports the same totals
/// either way.
/// </summary>
public sealed class ParquetValidateOnceCommandTests : IDisposable
{
    private const int GroupRows = 400;
    private const int Groups = 3;

    private const string Schema = ValidateOnceSchemas.Schema;

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_row_group_edited_in_place_with_size_and_time_kept_fails_the_chunk_as_object_changed_and_publishes_nothing_of_it()
    {
        (string input, string work, string runId) = await PrepareAsync();
        using JsonDocument plan = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(work, "runs", runId, "plan.json")));
        JsonElement chunk0 = plan.RootElement.GetProperty("chunks")[0];
        long middle = (chunk0.GetProperty("byteStart").GetInt64() + chunk0.GetProperty("byteEnd").GetInt64()) / 2;
        await ObjectChangedChunk.EditKeepingSizeAndTimeAsync(input, bytes => bytes[middle] ^= 0x01);

        await ObjectChangedChunk.AssertChunkZeroFailsAsync(work, runId);
    }

    [Fact]
    public async Task Process_publishes_the_splits_valid_rows_without_validating_and_revalidate_validates_again()
    {
        (_, string work, string runId) = await PrepareAsync();

        // Rows 0..399 in chunk 0, every 50th with a negative id, which the split rejects.
        await ValidateOnceSchemas.AssertTrustedAndRevalidatedChunksAsync(work, runId, chunkRecords: GroupRows);
    }

    [Fact]
    public async Task Run_reports_the_same_totals_and_rows_with_and_without_revalidate()
    {
        string input = await InputAsync();

        (long Published, long Rejected, string Rows) once = await RunAsync(input, "once");
        (long Published, long Rejected, string Rows) again = await RunAsync(input, "again", "--revalidate");

        Assert.Equal((1176L, 24L), (once.Published, once.Rejected));
        Assert.Equal(once, again);
    }

    private async Task<(long Published, long Rejected, string Rows)> RunAsync(string input, string name, params string[] options)
    {
        string output = _folder.File(name);
        (int exitCode, string answer, string log) = await CliRunner.RunAsync(
            ["run", input, "--schema", _folder.File("amounts.schema.json"), "--chunk-records", $"{GroupRows}", "--max-error-rate", "0.05", "--out", output, .. options]);
        Assert.True(exitCode == 0, log + answer);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(output, "runs")));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        // The rows, in file order, as published (step files sort by chunk and step).
        string rows = string.Concat(Directory.GetFiles(Path.Combine(runFolder, "output")).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        return (report.RootElement.GetProperty("published").GetInt64(), report.RootElement.GetProperty("rejected").GetInt64(), rows);
    }

    // 1,200 rows in 3 row groups of 400, every 50th with a negative id; planned in chunks of one row group each.
    private async Task<(string Input, string Work, string RunId)> PrepareAsync()
    {
        string input = await InputAsync();
        string work = _folder.File("out");
        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", _folder.File("amounts.schema.json"), "--chunk-records", $"{GroupRows}",
            "--max-error-rate", "0.05", "--out", work);
        Assert.True(exitCode == 0, log);
        return (input, work, Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(work, "runs")))));
    }

    private async Task<string> InputAsync()
    {
        await File.WriteAllTextAsync(_folder.File("amounts.schema.json"), Schema);
        string input = _folder.File("amounts.parquet");
        var id = new DataField<long>("id");
        var amount = new DataField<double>("amount");
        await using FileStream file = File.Create(input);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, amount), file);
        for (int group = 0; group < Groups; group++)
        {
            using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
            int[] rows = Enumerable.Range(group * GroupRows, GroupRows).ToArray();
            await rowGroup.WriteAsync(id, (ReadOnlyMemory<long>)rows.Select(i => i % 50 == 49 ? -i : (long)i).ToArray());
            await rowGroup.WriteAsync(amount, (ReadOnlyMemory<double>)rows.Select(i => i == 5 ? 43112.17 : 12.25).ToArray());
        }

        return input;
    }

    public void Dispose() => _folder.Dispose();
}
