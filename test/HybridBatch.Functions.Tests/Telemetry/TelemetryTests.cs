using System.Text.Json;
using HybridBatch.Core.Batch;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Telemetry;

/// <summary>What the real <c>bootstrap</c> writes to stdout: JSON log lines with the Powertools keys, and EMF metric lines.</summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class TelemetryTests(FunctionWorld world)
{
    private static readonly string[] s_logKeys =
    [
        "level", "message", "timestamp", "service", "cold_start", "function_name", "function_request_id", "xray_trace_id", "run_id", "chunk_id",
    ];

    [Fact]
    public async Task Every_line_is_one_json_object_and_the_metrics_follow_each_invocation()
    {
        SampleRun run = await world.NewSplitRunAsync();
        using var api = new FakeRuntimeApi();
        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, "process-chunk",
            world.Settings(new Dictionary<string, string> { ["RECORD_DESTINATION"] = "discard", ["POWERTOOLS_METRICS_NAMESPACE"] = "HybridBatchTest" }));
        const string trace = "Root=1-67c2f5a0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
        api.Enqueue("first", FunctionWorld.ProcessChunkEvent(run), TimeSpan.FromMinutes(1), trace);
        api.Enqueue("second", FunctionWorld.ProcessChunkEvent(run), TimeSpan.FromMinutes(1), trace);
        api.Enqueue("failing", FunctionWorld.ProcessChunkEvent(run, chunkId: 9), TimeSpan.FromMinutes(1), trace);

        Assert.Equal(RecordedAnswer.Response, (await api.NextAnswerAsync(TimeSpan.FromSeconds(60))).Kind);
        Assert.Equal(RecordedAnswer.Response, (await api.NextAnswerAsync(TimeSpan.FromSeconds(60))).Kind);
        Assert.Equal("HybridBatch.ChunkFailed", (await api.NextAnswerAsync(TimeSpan.FromSeconds(60))).ErrorTypeHeader);
        await bootstrap.WaitForLineAsync(line => line.Contains("Invocation failing finished", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        string[] lines = [.. bootstrap.StandardOutput];
        var logs = new List<JsonElement>();
        var metrics = new List<(string RequestId, IReadOnlyDictionary<string, double> Values, JsonElement Line)>();
        foreach (string line in lines)
        {
            JsonElement json = JsonDocument.Parse(line).RootElement;
            Assert.Equal(JsonValueKind.Object, json.ValueKind);
            IReadOnlyList<string> names = EmfDocument.MemberNames(line);
            Assert.True(names.Count == names.Distinct().Count(), $"a key appears twice: {line}");
            if (json.TryGetProperty("_aws", out _))
            {
                metrics.Add((json.GetProperty("function_request_id").GetString()!, EmfDocument.Validate(json), json));
            }
            else
            {
                logs.Add(json);
            }
        }

        foreach (JsonElement log in logs.Where(l => l.TryGetProperty("function_request_id", out _)))
        {
            foreach (string key in s_logKeys)
            {
                Assert.True(log.TryGetProperty(key, out _), $"log line without {key}: {log}");
            }

            Assert.Equal("hybridbatch-test", log.GetProperty("service").GetString());
            Assert.Equal("test-process-chunk", log.GetProperty("function_name").GetString());
            Assert.Equal("1-67c2f5a0-0123456789abcdef01234567", log.GetProperty("xray_trace_id").GetString());
            Assert.Equal(run.RunId, log.GetProperty("run_id").GetString());
            Assert.Equal(log.GetProperty("function_request_id").GetString() == "first", log.GetProperty("cold_start").GetBoolean());
            Assert.True(DateTimeOffset.TryParse(log.GetProperty("timestamp").GetString(), out _));
        }

        JsonElement published = logs.Single(l => l.GetProperty("message").GetString()!.StartsWith("Chunk 0 published", StringComparison.Ordinal)
            && l.GetProperty("function_request_id").GetString() == "second");
        Assert.Equal("INFO", published.GetProperty("level").GetString());
        Assert.Equal(119, published.GetProperty("published").GetInt64());
        Assert.Equal("Chunk 0 published 119 records to discard in " + published.GetProperty("seconds").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture) + " s",
            published.GetProperty("message").GetString());
        JsonElement failure = logs.Single(l => l.GetProperty("level").GetString() == "ERROR");
        Assert.Equal("failing", failure.GetProperty("function_request_id").GetString());
        Assert.Equal("HybridBatch.ChunkFailed", failure.GetProperty("error_type").GetString());

        Assert.All(metrics, m =>
        {
            Assert.Equal("HybridBatchTest", m.Line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
            Assert.Equal("hybridbatch-test", m.Line.GetProperty("service").GetString());
            Assert.Equal("process-chunk", m.Line.GetProperty("function").GetString());
        });
        Assert.Equal(["first"], metrics.Where(m => m.Values.ContainsKey("ColdStart")).Select(m => m.RequestId));
        foreach (string request in new[] { "first", "second" })
        {
            IReadOnlyDictionary<string, double> chunk = metrics.Single(m => m.RequestId == request && m.Values.ContainsKey("RecordsPublished")).Values;
            Assert.Equal(119, chunk["RecordsPublished"]);
            Assert.Equal(1, chunk["RecordsRejected"]);
            Assert.InRange(chunk["ChunkDuration"], 0, 60);
        }

        Assert.Equal(1, metrics.Single(m => m.RequestId == "failing" && m.Values.ContainsKey("ChunksFailed")).Values["ChunksFailed"]);
        Assert.DoesNotContain(metrics, m => m.RequestId == "failing" && m.Values.ContainsKey("RecordsPublished"));
        Assert.Contains(metrics, m => m.Line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
            .Any(d => d.GetProperty("Name").GetString() == "ChunkDuration" && d.GetProperty("Unit").GetString() == "Seconds"));
    }

    [Fact]
    public async Task Aggregate_emits_the_runs_totals_and_poll_logs_carry_the_batch_job_id()
    {
        SampleRun run = await world.NewSplitRunAsync();
        await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run), new Dictionary<string, string> { ["RECORD_DESTINATION"] = "discard" });

        Invoked aggregate = await world.InvokeAsync("aggregate", $$"""{ "runId": "{{run.RunId}}", "workBucket": "{{run.WorkBucket}}" }""");

        Assert.Equal("succeeded", aggregate.Response("aggregate").GetProperty("status").GetString());
        IReadOnlyDictionary<string, double> totals = aggregate.Lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("_aws", out _) && l.TryGetProperty("RecordsPublished", out _))
            .Select(EmfDocument.Validate).Single();
        Assert.Equal(119, totals["RecordsPublished"]);
        Assert.Equal(1, totals["RecordsRejected"]);
        Assert.Equal(0, totals["ChunksFailed"]);

        string jobId = Guid.NewGuid().ToString();
        world.Batch.Seed(jobId, ChunkJobNaming.JobName(run.RunId, 0), BatchJobStatus.Running, ChunkJobNaming.Tags(run.RunId, 0));
        Invoked poll = await world.InvokeAsync("poll-batch-job",
            $$"""{ "kind": "process", "jobId": "{{jobId}}", "runId": "{{run.RunId}}", "chunkId": 0, "workBucket": "{{run.WorkBucket}}" }""");
        Assert.Equal("RUNNING", poll.Response("poll").GetProperty("status").GetString());
        Assert.Contains(poll.Lines, l => l.Contains($"\"batch_job_id\":\"{jobId}\"", StringComparison.Ordinal) && l.Contains("\"chunk_id\":\"0\"", StringComparison.Ordinal));
    }
}
