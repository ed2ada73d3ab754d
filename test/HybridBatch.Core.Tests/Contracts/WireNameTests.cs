using System.Text.Json;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Json;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Tests.Contracts;

/// <summary>
/// The contract enums keep the wire names plans, results, reports and the state machine already use, every value
/// round-trips, and an unknown name or a number fails with the list of known names (never a silent default).
/// </summary>
public class WireNameTests
{
    [Fact]
    public void Record_formats_keep_their_wire_names_and_round_trip() =>
        AssertWire(HybridBatchJson.Default.RecordFormat, new() { [RecordFormat.JsonLines] = "jsonl", [RecordFormat.Csv] = "csv", [RecordFormat.Parquet] = "parquet" });

    [Fact]
    public void Chunk_statuses_keep_their_wire_names_and_round_trip() =>
        AssertWire(HybridBatchJson.Default.ChunkStatus, new() { [ChunkStatus.Succeeded] = "succeeded", [ChunkStatus.Failed] = "failed" });

    [Fact]
    public void Run_statuses_keep_their_wire_names_and_round_trip() =>
        AssertWire(HybridBatchJson.Default.RunStatus, new() { [RunStatus.Succeeded] = "succeeded", [RunStatus.Failed] = "failed", [RunStatus.ValidationFailed] = "validation_failed" });

    [Fact]
    public void Routes_keep_their_wire_names_and_round_trip() =>
        AssertWire(HybridBatchJson.Default.Route, new() { [Route.Lambda] = "lambda", [Route.Batch] = "batch" });

    [Fact]
    public void The_text_helpers_print_and_parse_the_same_names()
    {
        foreach (RecordFormat format in Enum.GetValues<RecordFormat>())
        {
            Assert.Equal(format, RecordFormatText.TryParse(RecordFormatText.Name(format)));
            Assert.Equal(format, RecordFormatText.Parse(RecordFormatText.Name(format), "--format"));
        }

        Assert.Equal("jsonl, csv or parquet", RecordFormatText.Choices);
        Assert.Equal("lambda or batch", ContractNames.Routes.Choices);
        Assert.Equal("succeeded, failed or validation_failed", ContractNames.RunStatuses.Choices);
        Assert.Equal("validation_failed", RunStatus.ValidationFailed.WireName());
        Assert.Equal("failed", ChunkStatus.Failed.WireName());
        Assert.Equal("batch", Route.Batch.WireName());
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("JSONL")]
    [InlineData("Csv ")]
    [InlineData("1")]
    [InlineData("")]
    public void An_unknown_format_name_fails_with_the_list(string name)
    {
        Assert.Null(RecordFormatText.TryParse(name));
        FormatException refused = Assert.Throws<FormatException>(() => RecordFormatText.Parse(name, "format"));
        Assert.Equal($"format must be jsonl, csv or parquet, got '{name}'", refused.Message);
    }

    [Theory]
    [InlineData("\"xml\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void A_plan_naming_an_unknown_format_fails_to_read(string format)
    {
        // Before the enum, anything but "csv" was read as JSON Lines: a plan written by a newer split with a format
        // this worker does not know must stop the chunk, not publish misread records.
        string plan = JsonSerializer.Serialize(Plan(), HybridBatchJson.Default.ChunkPlan).Replace("\"format\": \"csv\"", $"\"format\": {format}", StringComparison.Ordinal);
        Assert.Contains($"\"format\": {format}", plan, StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(plan, HybridBatchJson.Default.ChunkPlan));
    }

    [Fact]
    public void A_plan_writes_its_format_by_name_and_reads_it_back()
    {
        string json = JsonSerializer.Serialize(Plan(), HybridBatchJson.Default.ChunkPlan);

        Assert.Contains("\"format\": \"csv\"", json, StringComparison.Ordinal);
        Assert.Equal(RecordFormat.Csv, JsonSerializer.Deserialize(json, HybridBatchJson.Default.ChunkPlan)!.Format);
    }

    [Theory]
    [InlineData("\"skipped\"")]
    [InlineData("0")]
    public void A_chunk_result_with_an_unknown_status_fails_to_read(string status)
    {
        Assert.Equal(ChunkStatus.Failed, JsonSerializer.Deserialize(Result("\"failed\""), HybridBatchJson.Default.ChunkResult)!.Status);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(Result(status), HybridBatchJson.Default.ChunkResult));
    }

    private static string Result(string status) => $$"""
            { "runId": "r", "chunkId": 0, "route": "lambda", "status": {{status}}, "records": 1, "published": 1, "rejected": 0,
              "destination": "file", "attempt": 1, "worker": "w", "startedAt": "2026-01-01T00:00:00Z",
              "finishedAt": "2026-01-01T00:00:01Z", "durationSeconds": 1, "estimatedCostUsd": 0 }
            """;

    private static void AssertWire<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract, Dictionary<T, string> expected)
        where T : struct, Enum
    {
        var names = new WireNames<T>(contract);
        Assert.Equal(Enum.GetValues<T>().Order(), expected.Keys.Order());
        foreach ((T value, string name) in expected)
        {
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, contract));
            Assert.Equal(value, JsonSerializer.Deserialize($"\"{name}\"", contract));
            Assert.Equal(name, names.Name(value));
            Assert.Equal(value, names.TryParse(name));
        }

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"no-such-name\"", contract));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("0", contract));
        FormatException refused = Assert.Throws<FormatException>(() => names.Parse("no-such-name", "the value"));
        Assert.All(expected.Values, name => Assert.Contains(name, refused.Message, StringComparison.Ordinal));
    }

    private static ChunkPlan Plan() => new()
    {
        RunId = "r",
        Source = new Storage.ObjectLocation("in", "a.csv"),
        SourceVersion = "v",
        SourceSize = 10,
        Format = RecordFormat.Csv,
        Delimiter = ",",
        Header = ["id"],
        Schema = "orders",
        ChunkRecords = 1,
        MaxRecordBytes = 10,
        TotalRecords = 0,
        ValidRecords = 0,
        RejectedRecords = 0,
        Chunks = [],
    };
}
