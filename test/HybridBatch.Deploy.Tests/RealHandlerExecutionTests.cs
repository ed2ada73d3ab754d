using System.Text.Json.Nodes;
using HybridBatch.Adapters.Tests.Batch;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Core.Aggregation;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

[CollectionDefinition(Name)]
public sealed class RealHandlersCollection : ICollectionFixture<NodeTools>, ICollectionFixture<EmulatorFixture>
{
    public const string Name = "real handlers";
}

/// <summary>
/// The state machine run by aws-local-stepfunctions (run.mjs) with every Lambda task bound to the real handler,
/// <c>hybridbatch invoke HANDLER</c> with its function's settings from template.yaml; objects in the S3 emulator,
/// records published to its SQS queue, Batch through the signature-checking fake endpoint, whose jobs run
/// <c>hybridbatch</c> as a child process with the job definition's command and environment. Only the Distributed
/// Map's ItemReader is replaced (a real read of chunks.json from the emulator), and waits and retry intervals take
/// no time.
/// </summary>
[Collection(RealHandlersCollection.Name)]
public sealed class RealHandlerExecutionTests(NodeTools tools, EmulatorFixture emulator)
{
    // Chunks of 500 records; more than 400 go to Batch: 900 records make one Batch chunk and a 400-record Lambda one.
    private static readonly Dictionary<string, string> s_smallChunks = new()
    {
        ["ChunkRecords"] = "500",
        ["BatchProcessingThreshold"] = "400",
        ["MapMaxConcurrency"] = "4",
    };

    [Fact]
    public async Task A_file_with_chunks_on_both_routes_is_published_once_and_reported()
    {
        await using RealHandlerWorld world = await RealHandlerWorld.CreateAsync(tools, emulator, s_smallChunks);
        await world.PutOrdersAsync(records: 1300, invalidRate: 0.004, seed: 11);

        ExecutionReport run = await world.RunAsync();

        Assert.True(run.Status == "SUCCEEDED", run.ToString());
        string runId = run.Output!["split"]!["runId"]!.GetValue<string>();
        Assert.Equal(3, run.Output["split"]!["chunks"]!.GetValue<int>());
        JsonObject processed = Assert.Single(run.Input("process-chunk"));
        Assert.Equal(2, processed["chunk"]!["chunkId"]!.GetValue<int>());
        Assert.Equal("lambda", processed["route"]!["route"]!.GetValue<string>());
        Assert.Equal([0, 1], run.Input("submit-batch-job").Select(i => i["chunk"]!["chunkId"]!.GetValue<int>()).Order());
        Assert.All(world.WorkerRuns, w => Assert.True(w.ExitCode == 0, w.Output));
        Assert.Equal(2, world.WorkerRuns.Count);
        Assert.All(world.WorkerRuns, w => Assert.Equal("process", w.Command[0]));

        RunReport report = (await world.ReportAsync(runId))!;
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(1300, report.TotalRecords);
        Assert.Equal(report.TotalRecords, report.Published + report.Rejected);
        Assert.InRange(report.Rejected, 1, 13);
        Assert.Equal(2, report.Routes["batch"].Chunks);
        Assert.Equal(1, report.Routes["lambda"].Chunks);
        Assert.Equal(1000, report.Routes["batch"].Records);
        Assert.Equal(300, report.Routes["lambda"].Records);
        Assert.Equal(report.Published, report.Routes["batch"].Published + report.Routes["lambda"].Published);
        Assert.Empty(report.FailedChunks);

        // The queue holds exactly the valid records: every index not rejected, each once.
        HashSet<long> rejected = await world.RejectedIndexesAsync(runId);
        List<long> published = await world.DrainAsync();
        Assert.Equal(report.Published, published.Count);
        Assert.Equal(Enumerable.Range(0, 1300).Select(i => (long)i).Where(i => !rejected.Contains(i)), published.Order());
    }

    [Fact]
    public async Task A_file_that_fails_validation_ends_in_the_validation_fail_state_and_nothing_is_published()
    {
        await using RealHandlerWorld world = await RealHandlerWorld.CreateAsync(tools, emulator, s_smallChunks);
        await world.PutOrdersAsync(records: 600, invalidRate: 0.2, seed: 12);

        ExecutionReport run = await world.RunAsync();

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("HybridBatch.ValidationFailed", run.Error);
        Assert.Equal("The file failed validation", run.FailedState);
        Assert.Contains("Nothing was published", run.Cause, StringComparison.Ordinal);
        Assert.Matches(@"runs/[a-z0-9-]+/validation\.json", run.Cause);
        Assert.Equal(["split"], run.Handlers);
        Assert.Empty(await world.DrainAsync());
        Assert.Empty(world.Batch.Jobs);
        List<string> written = await world.KeysAsync("runs/");
        Assert.Contains(written, k => k.EndsWith("/validation.json", StringComparison.Ordinal));
        Assert.DoesNotContain(written, k => k.Contains("/results/", StringComparison.Ordinal) || k.EndsWith("/report.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_submit_throttled_past_the_clients_retries_fails_transient_and_the_state_machines_retry_starts_one_job()
    {
        await using RealHandlerWorld world = await RealHandlerWorld.CreateAsync(tools, emulator, s_smallChunks);
        await world.PutOrdersAsync(records: 900, invalidRate: 0, seed: 13);
        // BatchApiClient tries 5 times: the first submit's calls are all throttled, the retried submit's are not.
        world.Batch.ThrottleNext(5);

        ExecutionReport run = await world.RunAsync();

        Assert.True(run.Status == "SUCCEEDED", run.ToString());
        Assert.Equal(["HybridBatch.Transient", null], run.Invocations.Where(i => i.Handler == "submit-batch-job").Select(i => i.Error));
        IReadOnlyList<RecordedRequest> requests = world.Batch.Requests;
        Assert.True(requests.Count(r => r.Path is "/v1/listjobs" or "/v1/submitjob") >= 7, string.Join('\n', requests.Select(r => r.Path)));
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        FakeJob job = Assert.Single(world.Batch.Jobs);
        Assert.Equal("0", job.Tags["hybridbatch:chunk"]);
        Assert.Single(world.WorkerRuns);
        Assert.Equal(900, (await world.DrainAsync()).Count);
    }

    [Fact]
    public async Task A_batch_job_whose_worker_fails_with_a_data_error_fails_its_chunk_and_the_run_and_the_report_lists_it()
    {
        // One chunk of 450 records, on Batch; the object is overwritten once the job is submitted.
        await using RealHandlerWorld world = await RealHandlerWorld.CreateAsync(tools, emulator, s_smallChunks);
        await world.PutOrdersAsync(records: 450, invalidRate: 0, seed: 14);
        world.BeforeWorker = _ => world.OverwriteInputAsync("{}\n");

        ExecutionReport run = await world.RunAsync();

        Assert.Equal("FAILED", run.Status);
        Assert.Equal("HybridBatch.RunFailed", run.Error);
        Assert.Equal("The run failed", run.FailedState);
        Assert.Contains("The chunk's job failed", run.States);
        WorkerRun worker = Assert.Single(world.WorkerRuns);
        Assert.Equal(4, worker.ExitCode);
        Assert.Contains("object changed", worker.Output, StringComparison.Ordinal);
        JsonObject aggregate = Assert.Single(run.Input("aggregate"));
        Assert.Equal("HybridBatch.BatchJobFailed", aggregate["mapError"]!["Error"]!.GetValue<string>());
        Assert.Contains("\"lastExitCode\":4", aggregate["mapError"]!["Cause"]!.GetValue<string>(), StringComparison.Ordinal);

        string runId = aggregate["runId"]!.GetValue<string>();
        RunReport report = (await world.ReportAsync(runId))!;
        Assert.Equal(RunStatus.Failed, report.Status);
        FailedChunk failed = Assert.Single(report.FailedChunks);
        Assert.Equal(0, failed.ChunkId);
        Assert.Equal(450, report.NotProcessed);
        Assert.Contains("HybridBatch.BatchJobFailed", report.MapError, StringComparison.Ordinal);
        Assert.Empty(await world.DrainAsync());
    }

    [Fact]
    public async Task An_object_too_big_for_the_split_function_is_validated_by_the_batch_job_the_template_defines()
    {
        var parameters = new Dictionary<string, string>(s_smallChunks) { ["LambdaSplitMaxBytes"] = "1000" };
        await using RealHandlerWorld world = await RealHandlerWorld.CreateAsync(tools, emulator, parameters);
        await world.PutOrdersAsync(records: 900, invalidRate: 0, seed: 15);

        ExecutionReport run = await world.RunAsync();

        Assert.True(run.Status == "SUCCEEDED", run.ToString());
        Assert.Contains("Take the validation job's split", run.States);
        WorkerRun validation = world.WorkerRuns.Single(w => w.Definition == FakeBatchEndpoint.ValidationDefinition);
        Assert.True(validation.ExitCode == 0, validation.Output);
        string runId = run.Output!["split"]!["runId"]!.GetValue<string>();
        // The job ran the template's command: the run the state machine started, the split function's chunk size.
        List<string> command = [.. validation.Command];
        Assert.Equal(runId, command[command.IndexOf("--run-id") + 1]);
        Assert.Equal("500", command[command.IndexOf("--chunk-records") + 1]);
        Assert.Equal(2, run.Output["split"]!["chunks"]!.GetValue<int>());
        Assert.Equal(900, (await world.DrainAsync()).Count);
    }

    [Fact]
    public async Task A_console_input_naming_a_schema_and_a_format_is_validated_by_the_batch_job_against_that_schema_and_read_as_that_format()
    {
        var parameters = new Dictionary<string, string>(s_smallChunks) { ["LambdaSplitMaxBytes"] = "1000" };
        await using RealHandlerWorld world = await RealHandlerWorld.CreateAsync(tools, emulator, parameters);
        // Customers, not the stack's default orders; no extension tells the format, only the input's "jsonl" does.
        const string key = "incoming/customers-export.data";
        await world.PutGeneratedAsync(key, "customers", records: 900, invalidRate: 0.004, seed: 16);

        ExecutionReport run = await world.RunAsync(new JsonObject { ["bucket"] = world.Bucket, ["key"] = key, ["schema"] = "customers", ["format"] = "jsonl" });

        Assert.True(run.Status == "SUCCEEDED", run.ToString());
        Assert.Contains("Take the validation job's split", run.States);
        JsonObject submitted = run.Input("submit-batch-job").Single(i => i["kind"]!.GetValue<string>() == "validate");
        Assert.Equal("customers", submitted["schema"]?.GetValue<string>());
        Assert.Equal("jsonl", submitted["format"]?.GetValue<string>());
        WorkerRun validation = world.WorkerRuns.Single(w => w.Definition == FakeBatchEndpoint.ValidationDefinition);
        Assert.True(validation.ExitCode == 0, validation.Output);
        List<string> command = [.. validation.Command];
        Assert.Equal("customers", command[command.IndexOf("--schema") + 1]);
        Assert.Equal("jsonl", command[command.IndexOf("--format") + 1]);

        // Judged as customers: a few generated rejects. Judged as orders, every record would be rejected and the
        // gate would fail the run.
        string runId = run.Output!["split"]!["runId"]!.GetValue<string>();
        RunReport report = (await world.ReportAsync(runId))!;
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(900, report.TotalRecords);
        Assert.InRange(report.Rejected, 1, 9);
        Assert.Equal(900 - report.Rejected, report.Published);
        HashSet<long> rejected = await world.RejectedIndexesAsync(runId);
        Assert.Equal(report.Rejected, rejected.Count);
        Assert.Equal(Enumerable.Range(0, 900).Select(i => (long)i).Where(i => !rejected.Contains(i)), (await world.DrainAsync()).Order());
    }
}
