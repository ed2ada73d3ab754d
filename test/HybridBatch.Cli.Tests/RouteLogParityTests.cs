using System.Text.Json;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Handlers;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// Both routes log a chunk the same way: the Batch worker (<c>hybridbatch process</c>, JSON lines on standard error) and
/// the Lambda <c>process-chunk</c> handler, each publishing the same chunk of identical runs, write the same events with
/// the same keys; the Lambda lines add only the keys that exist in Lambda (function name, request id, cold start).
/// </summary>
public sealed class RouteLogParityTests : IDisposable
{
    private static readonly string[] s_lambdaOnlyKeys = [LogKeys.FunctionName, LogKeys.FunctionRequestId, LogKeys.ColdStart, LogKeys.XrayTraceId];

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_worker_and_the_lambda_handler_log_the_same_events_with_the_same_keys()
    {
        (string workerRun, string workerRunId) = await PrepareAsync("worker");
        (string lambdaRun, string lambdaRunId) = await PrepareAsync("lambda");

        (int exitCode, _, string stderr) = await CliRunner.RunAsync(["process", "--work", workerRun, "--run-id", workerRunId, "--chunk-id", "1"]);
        Assert.True(exitCode == 0, stderr);
        List<JsonElement> worker = JsonLines(stderr);
        List<JsonElement> lambda = await LambdaLinesAsync(lambdaRun, lambdaRunId, chunkId: 1);

        Assert.NotEmpty(worker);
        Assert.Equal(Events(lambda), Events(worker));
        for (int i = 0; i < worker.Count; i++)
        {
            string[] lambdaKeys = Keys(lambda[i]).Except(s_lambdaOnlyKeys).ToArray();
            Assert.Equal(lambdaKeys, Keys(worker[i]));
            Assert.Equal("1", worker[i].GetProperty(LogKeys.ChunkId).GetString());
            Assert.Equal(workerRunId, worker[i].GetProperty(LogKeys.RunId).GetString());
            Assert.Equal(lambdaRunId, lambda[i].GetProperty(LogKeys.RunId).GetString());
        }

        // What both routes said: where the chunk started and what it published.
        Assert.Contains(worker, line => line.GetProperty(LogKeys.Message).GetString()!.StartsWith("Chunk 1 attempt 1 starts at record 400", StringComparison.Ordinal));
        Assert.Contains(worker, line => line.TryGetProperty("published", out JsonElement published) && published.GetInt64() == 400);
    }

    public void Dispose() => _folder.Dispose();

    // Runs the handler as bootstrap would, on the local object store the worker's --work folder uses, logging to memory.
    private static async Task<List<JsonElement>> LambdaLinesAsync(string work, string runId, int chunkId)
    {
        var lines = new MemoryStream();
        var log = new JsonLogger(new LineOutput(lines), JsonLogger.DefaultService, "hybridbatch-process-chunk");
        var store = new LocalObjectStore();
        ChunkPlan plan = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(work, "runs", runId, "plan.json")), HybridBatchJson.Default.ChunkPlan)!;
        ChunkPlanEntry chunk = plan.Chunks.Single(c => c.ChunkId == chunkId);
        var sinks = LocalSinkFactory.Create(LocalSinkFactory.File, Path.Combine(work, "runs", runId, "output"));
        var run = new ProcessChunkRun(store, sinks, new ProcessOptions(), TimeProvider.System, log);
        using var handler = new ProcessChunkHandler(run, sinks, work, log, new MetricsLogger(new LineOutput(Stream.Null), log, MetricsLogger.DefaultNamespace, JsonLogger.DefaultService, "process-chunk"));
        var input = new ProcessChunkEvent
        {
            RunId = runId,
            WorkBucket = work,
            Chunk = chunk,
            Route = new RouteDecision
            {
                ChunkId = chunkId,
                Route = Route.Lambda,
                Policy = RoutingPolicy.Threshold,
                Reason = "under threshold",
                Records = chunk.Records,
                EstimatedSeconds = 1,
                EstimatedCostUsd = 0.0001,
                Vcpus = 1,
                MemoryMiB = 1024,
                Alternative = new RouteEstimate(Route.Batch, 60, 0.01, 2, 4096),
            },
        };
        var context = new InvocationContext
        {
            RequestId = "req-1",
            FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:hybridbatch-process-chunk",
            Deadline = DateTimeOffset.UtcNow.AddMinutes(5),
            ColdStart = true,
        };
        log.BeginInvocation(context.RequestId, context.TraceId, context.ColdStart);
        await ((IFunctionHandler)handler).HandleAsync(JsonSerializer.SerializeToUtf8Bytes(input, FunctionsJson.Default.ProcessChunkEvent), context, CancellationToken.None);
        return JsonLines(System.Text.Encoding.UTF8.GetString(lines.ToArray()));
    }

    private async Task<(string Work, string RunId)> PrepareAsync(string name)
    {
        string input = _folder.File($"{name}.jsonl");
        string work = _folder.File(name);
        await CliRunner.RunAsync("generate", "--records", "1000", "--seed", "5", "--out", input);
        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--chunk-records", "400", "--out", work);
        Assert.True(exitCode == 0, log);
        return (work, Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(work, "runs")))));
    }

    // Only the JSON lines: anything else on the worker's standard error is for people.
    private static List<JsonElement> JsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    // An event is its level and its message with the numbers that differ between runs (durations) left out.
    private static List<string> Events(List<JsonElement> lines) =>
        lines.Select(line => $"{line.GetProperty(LogKeys.Level).GetString()} {string.Concat(line.GetProperty(LogKeys.Message).GetString()!.Where(c => !char.IsDigit(c) && c != '.'))}").ToList();

    private static string[] Keys(JsonElement line) => line.EnumerateObject().Select(p => p.Name).ToArray();
}
