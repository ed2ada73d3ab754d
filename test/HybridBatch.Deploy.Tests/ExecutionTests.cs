using System.Text.Json;
using System.Text.Json.Nodes;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// Runs the state machine with aws-local-stepfunctions (test/fixtures/stepfunctions/run.mjs), every Lambda task
/// bound to a fake handler: a small node script written here whose answers follow the contract, for the paths
/// the real handlers reach only slowly or not at all (stuck and endless jobs, an unknown route). The same flows
/// with the real handlers are <see cref="RealHandlerExecutionTests"/>. The Distributed Map runs with its items inline.
/// </summary>
[Collection(NodeToolsCollection.Name)]
public sealed class ExecutionTests : IDisposable
{
    // Answers as the contract shapes them; FAKE_SCENARIO bends one of them.
    private const string FakeHandlers = """
        import { readFileSync, writeFileSync } from "node:fs";
        import { join } from "node:path";
        const handler = process.argv[2];
        const input = JSON.parse(readFileSync(0, "utf8"));
        const scenario = process.env.FAKE_SCENARIO;
        const state = process.env.FAKE_STATE;
        const fail = (type, message) => { console.error(JSON.stringify({ errorType: type, errorMessage: message })); process.exit(1); };
        // "wx" creates the marker or throws if it exists: atomic, so of two handlers running at once only one sees true.
        const once = (name) => { try { writeFileSync(join(state, name), "", { flag: "wx" }); return true; } catch (e) { if (e.code === "EEXIST") return false; throw e; } };
        const split = {
          runId: "orders-0b7c2f1e9a4d", source: { bucket: "data", key: "incoming/orders.jsonl" }, sourceVersion: "v1",
          workBucket: "data", planKey: "runs/orders-0b7c2f1e9a4d/plan.json", chunkItemsKey: "runs/orders-0b7c2f1e9a4d/chunks.json",
          validationKey: "runs/orders-0b7c2f1e9a4d/validation.json", rejectsKey: "runs/orders-0b7c2f1e9a4d/rejects.jsonl",
          totalRecords: 600000, validRecords: 599990, rejectedRecords: 10, chunks: 2, gatePassed: true, gateReasons: [],
          needsBatchValidation: false, objectBytes: 130000000, maxConcurrency: 2, toleratedFailurePercentage: 0,
        };
        const answers = {
          split() {
            if (scenario === "invalid") return { ...split, gatePassed: false, rejectedRecords: 9000, gateReasons: ["error rate 0.015 is over 0.01"] };
            if (scenario === "big" || scenario === "big-invalid") return { runId: split.runId, source: split.source, workBucket: "data", needsBatchValidation: true, gatePassed: false, gateReasons: [], schema: "orders", format: null };
            return split;
          },
          "read-chunk-items"() {
            return [
              { chunkId: 0, startIndex: 0, endIndex: 100000, byteStart: 0, byteEnd: 21000000, records: 100000, bytes: 21000000 },
              { chunkId: 1, startIndex: 100000, endIndex: 600000, byteStart: 21000000, byteEnd: 130000000, records: 500000, bytes: 109000000 },
            ];
          },
          route() {
            if (scenario === "transient" && once("route-failed")) fail("HybridBatch.Transient", "throttled");
            const route = scenario === "unknown-route" ? "fargate" : input.chunk.records <= 290000 ? "lambda" : "batch";
            return { chunkId: input.chunk.chunkId, route, policy: "threshold", reason: "by records", records: input.chunk.records, estimatedSeconds: 10, estimatedCostUsd: 0.01, vcpus: 4, memoryMiB: 8192 };
          },
          "process-chunk"() {
            if (scenario === "chunk-failed") fail("HybridBatch.ChunkFailed", "object changed");
            return { runId: input.runId, chunkId: input.chunk.chunkId, route: "lambda", status: "succeeded", records: input.chunk.records, published: input.chunk.records, rejected: 0 };
          },
          "submit-batch-job"() {
            return { jobId: `job-${input.kind}`, jobName: `hb-${input.kind}`, submitted: true, status: "SUBMITTED" };
          },
          "poll-batch-job"() {
            const base = { jobId: input.jobId, jobName: `hb-${input.kind}`, batchStatus: "RUNNING", attempts: 1, terminated: false, polls: input.polls + 1 };
            if (input.polls < 1) return { ...base, status: "RUNNING" };
            if (input.kind === "validate") {
              if (scenario === "big-invalid") return { ...base, status: "FAILED", batchStatus: "FAILED", lastExitCode: 3, statusReason: "Essential container in task exited" };
              return { ...base, status: "SUCCEEDED", batchStatus: "SUCCEEDED", split };
            }
            if (scenario === "batch-failed") return { ...base, status: "FAILED", batchStatus: "FAILED", attempts: 3, lastExitCode: 4, statusReason: "Essential container in task exited" };
            if (scenario === "stuck") return { ...base, status: "STUCK_RUNNABLE", batchStatus: "RUNNABLE", runnableSeconds: 960, terminated: true };
            if (scenario === "never-done") return { ...base, status: "RUNNING", polls: 480 };
            return { ...base, status: "SUCCEEDED", batchStatus: "SUCCEEDED", lastExitCode: 0 };
          },
          aggregate() {
            const failed = input.mapError !== undefined || scenario === "report-failed";
            return { runId: input.runId, status: failed ? "failed" : "succeeded", reportKey: `runs/${input.runId}/report.json`, totalRecords: 600000, published: failed ? 100000 : 599990, rejected: 10, notProcessed: failed ? 500000 : 0, failedChunks: failed ? 1 : 0 };
          },
        };
        process.stdout.write(JSON.stringify(answers[handler]()));
        """;

    private static readonly JsonObject s_s3Event = new()
    {
        ["version"] = "0",
        ["source"] = "aws.s3",
        ["detail-type"] = "Object Created",
        ["detail"] = new JsonObject
        {
            ["bucket"] = new JsonObject { ["name"] = "data" },
            ["object"] = new JsonObject { ["key"] = "incoming/orders.jsonl", ["size"] = 130000000, ["etag"] = "abc", ["version-id"] = "v1" },
        },
    };

    private readonly NodeTools _tools;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hybridbatch-sfn-{Guid.NewGuid():N}");

    public ExecutionTests(NodeTools tools)
    {
        _tools = tools;
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "handlers.mjs"), FakeHandlers);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_file_with_chunks_on_both_routes_succeeds_and_the_report_is_written()
    {
        ExecutionReport run = await RunAsync("ok");

        Assert.Equal("SUCCEEDED", run.Status);
        Assert.Equal(["split", "read-chunk-items", "route", "route", "process-chunk", "submit-batch-job", "poll-batch-job", "poll-batch-job", "aggregate"], run.Handlers.Order(StringComparer.Ordinal).ToArray().OrderBy(FlowOrder));
        JsonObject processed = run.Input("process-chunk").Single();
        Assert.Equal(0, processed["chunk"]!["chunkId"]!.GetValue<int>());
        Assert.Equal("lambda", processed["route"]!["route"]!.GetValue<string>());
        JsonObject submitted = run.Input("submit-batch-job").Single();
        Assert.Equal("process", submitted["kind"]!.GetValue<string>());
        Assert.Equal(1, submitted["chunk"]!["chunkId"]!.GetValue<int>());
        Assert.Equal("incoming/orders.jsonl", submitted["key"]!.GetValue<string>());
        Assert.Equal([0, 1], run.Input("poll-batch-job").Select(p => p["polls"]!.GetValue<int>()));
        JsonObject aggregate = run.Input("aggregate").Single();
        Assert.Equal(["runId", "workBucket"], aggregate.Select(p => p.Key).Order());
        Assert.Equal("succeeded", run.Output!["report"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_that_fails_validation_ends_in_the_validation_fail_state_and_nothing_is_published()
    {
        ExecutionReport run = await RunAsync("invalid");

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("HybridBatch.ValidationFailed", run.Error);
        Assert.Equal("The file failed validation", run.FailedState);
        Assert.Contains("error rate 0.015 is over 0.01", run.Cause, StringComparison.Ordinal);
        Assert.Contains("runs/orders-0b7c2f1e9a4d/validation.json", run.Cause, StringComparison.Ordinal);
        Assert.Equal(["split"], run.Handlers);
    }

    [Fact]
    public async Task A_transient_handler_error_is_retried()
    {
        ExecutionReport run = await RunAsync("transient");

        Assert.Equal("SUCCEEDED", run.Status);
        Assert.Equal(3, run.Handlers.Count(h => h == "route"));
        Assert.Single(run.Invocations, i => i.Handler == "route" && i.Error == "HybridBatch.Transient");
    }

    [Fact]
    public async Task A_failed_batch_job_fails_its_chunk_and_the_run_after_the_report_is_written()
    {
        ExecutionReport run = await RunAsync("batch-failed");

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("HybridBatch.RunFailed", run.Error);
        Assert.Contains("The chunk's job failed", run.States);
        JsonObject aggregate = run.Input("aggregate").Single();
        Assert.Equal("HybridBatch.BatchJobFailed", aggregate["mapError"]!["Error"]!.GetValue<string>());
        Assert.Contains("1 failed chunk(s), 500000 of 600000 records not processed", run.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_that_fails_for_a_data_reason_is_not_retried()
    {
        ExecutionReport run = await RunAsync("chunk-failed");

        Assert.Equal("FAILED", run.Status);
        Assert.Single(run.Invocations, i => i.Handler == "process-chunk");
        Assert.Contains("The chunk failed", run.States);
        Assert.Equal("HybridBatch.ChunkFailed", run.Input("aggregate").Single()["mapError"]!["Error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("stuck", "The chunk's job is stuck waiting for capacity")]
    [InlineData("never-done", "The chunk's job took too long")]
    [InlineData("unknown-route", "The route is unknown")]
    public async Task A_chunk_that_cannot_finish_ends_in_its_fail_state(string scenario, string failState)
    {
        ExecutionReport run = await RunAsync(scenario);

        Assert.Equal("FAILED", run.Status);
        Assert.Contains(failState, run.States);
        Assert.Single(run.Invocations, i => i.Handler == "aggregate");
    }

    [Fact]
    public async Task A_report_that_says_failed_fails_the_run()
    {
        ExecutionReport run = await RunAsync("report-failed");

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("The run failed", run.FailedState);
    }

    [Fact]
    public async Task An_object_too_big_for_lambda_is_validated_by_a_batch_job_whose_split_is_used()
    {
        ExecutionReport run = await RunAsync("big");

        Assert.Equal("SUCCEEDED", run.Status);
        JsonObject submitted = run.Input("submit-batch-job")[0];
        Assert.Equal("validate", submitted["kind"]!.GetValue<string>());
        // The split's schema and format reach the job; a null format stays null (the job definition's default).
        Assert.Equal("orders", submitted["schema"]!.GetValue<string>());
        Assert.True(submitted.ContainsKey("format") && submitted["format"] is null, submitted.ToJsonString());
        Assert.Equal("runs/orders-0b7c2f1e9a4d/chunks.json", run.Input("read-chunk-items").Single()["key"]!.GetValue<string>());
        Assert.Equal(2, run.Input("route").Count);
    }

    [Fact]
    public async Task A_batch_validation_job_that_finds_the_file_invalid_ends_in_validation_failed()
    {
        ExecutionReport run = await RunAsync("big-invalid");

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("HybridBatch.ValidationFailed", run.Error);
        Assert.Equal("The validation job found the file invalid", run.FailedState);
        Assert.DoesNotContain("route", run.Handlers);
    }

    private static int FlowOrder(string handler) =>
        Array.IndexOf(["split", "read-chunk-items", "route", "process-chunk", "submit-batch-job", "poll-batch-job", "aggregate"], handler);

    private async Task<ExecutionReport> RunAsync(string scenario)
    {
        string state = Path.Combine(_folder, scenario);
        Directory.CreateDirectory(state);
        string config = Path.Combine(state, "config.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["definition"] = Repository.Definition,
            ["input"] = s_s3Event.DeepClone(),
            ["command"] = new JsonArray("node", Path.Combine(_folder, "handlers.mjs")),
        }.ToJsonString());

        ProcessResult result = await _tools.RunAsync("node", ["run.mjs", config], TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["FAKE_SCENARIO"] = scenario, ["FAKE_STATE"] = state });
        Assert.True(result.ExitCode == 0, $"run.mjs failed ({result.ExitCode}): {result.Stderr}");
        return new ExecutionReport(JsonNode.Parse(result.Stdout)!.AsObject());
    }
}
