using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using HybridBatch.Adapters.Tests.Batch;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Core;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// One stack's worth of stand-ins for an execution with the real handlers: a bucket and a queue in the S3/SQS
/// emulator, the signature-checking fake Batch endpoint whose jobs run <c>hybridbatch</c> as a child process with
/// the job definition's command and environment, and every function's settings as template.yaml gives them for
/// these template parameters. Runs the definition through run.mjs, every Lambda task as
/// <c>hybridbatch invoke HANDLER</c> with its function's settings.
/// </summary>
internal sealed class RealHandlerWorld : IAsyncDisposable
{
    public const string InputKey = "incoming/orders.jsonl";

    private static readonly string[] s_functions =
        ["SplitFunction", "RouteFunction", "ProcessChunkFunction", "SubmitBatchJobFunction", "PollBatchJobFunction", "AggregateFunction"];

    private readonly NodeTools _tools;
    private readonly EmulatorFixture _emulator;
    private readonly TemplateValues _template;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hybridbatch-real-{Guid.NewGuid():N}");
    private readonly List<Task> _workers = [];
    private readonly List<WorkerRun> _workerRuns = [];
    private readonly Lock _lock = new();

    private RealHandlerWorld(NodeTools tools, EmulatorFixture emulator, string bucket, string queue, IReadOnlyDictionary<string, string> parameters)
    {
        _tools = tools;
        _emulator = emulator;
        Bucket = bucket;
        Queue = queue;
        Batch = new FakeBatchEndpoint(TimeProvider.System);
        Batch.JobSubmitted += StartWorker;
        var references = new Dictionary<string, string>(parameters, StringComparer.Ordinal)
        {
            ["AWS::Region"] = FakeBatchEndpoint.Region,
            ["RecordDestination"] = "sqs_core",
            ["DataBucket"] = bucket,
            ["CoreQueue"] = queue,
            ["BatchJobQueue"] = FakeBatchEndpoint.Queue,
            ["BatchProcessingJobDefinition"] = FakeBatchEndpoint.Definition,
            ["BatchValidationJobDefinition"] = FakeBatchEndpoint.ValidationDefinition,
        };
        var conditions = new Dictionary<string, bool>(StringComparer.Ordinal)
        {
            ["UseKafka"] = false,
            ["UseSqs"] = true,
            ["CreateQueue"] = true,
            ["DefaultKafkaControlTopic"] = true,
        };
        _template = new TemplateValues(references, conditions);
        Directory.CreateDirectory(_folder);
    }

    public string Bucket { get; }

    public string Queue { get; }

    public FakeBatchEndpoint Batch { get; }

    /// <summary>Runs just before a Batch job's worker starts (a test can change the world under it).</summary>
    public Func<FakeJob, Task>? BeforeWorker { get; set; }

    /// <summary>Every Batch job's worker run so far: the job, its command line, exit code and output.</summary>
    public IReadOnlyList<WorkerRun> WorkerRuns
    {
        get
        {
            lock (_lock)
            {
                return [.. _workerRuns];
            }
        }
    }

    /// <summary>A fresh bucket and queue; <paramref name="parameters"/> are template parameters (others take their defaults).</summary>
    public static async Task<RealHandlerWorld> CreateAsync(NodeTools tools, EmulatorFixture emulator, IReadOnlyDictionary<string, string> parameters) =>
        new(tools, emulator, await emulator.CreateBucketAsync(), await emulator.CreateQueueAsync(fifo: false), parameters);

    /// <summary>Generates orders with <c>hybridbatch generate</c> and puts them at <see cref="InputKey"/>.</summary>
    public Task PutOrdersAsync(int records, double invalidRate, int seed) =>
        PutGeneratedAsync(InputKey, "orders", records, invalidRate, seed);

    /// <summary>Generates records of a sample schema with <c>hybridbatch generate</c> (JSON Lines) and puts them at <paramref name="key"/>.</summary>
    public async Task PutGeneratedAsync(string key, string schema, int records, double invalidRate, int seed)
    {
        string file = Path.Combine(_folder, $"{schema}-{seed}.jsonl");
        ProcessResult generated = await RunCliAsync(
            ["generate", "--schema", schema, "--records", records.ToString(CultureInfo.InvariantCulture),
             "--invalid-rate", invalidRate.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", file],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        Assert.True(generated.ExitCode == 0, generated.Stderr);
        await _emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = file });
    }

    /// <summary>Runs the definition from a console start input for the object at <see cref="InputKey"/>.</summary>
    public Task<ExecutionReport> RunAsync() => RunAsync(new JsonObject { ["bucket"] = Bucket, ["key"] = InputKey });

    /// <summary>Runs the definition from this console start input (<c>{ bucket, key, schema?, format? }</c>).</summary>
    public async Task<ExecutionReport> RunAsync(JsonObject input)
    {
        string config = Path.Combine(_folder, "config.json");
        var environment = new JsonObject();
        foreach (string function in s_functions)
        {
            string handler = Intrinsics.Text(TemplateFile.Properties(function)["Handler"])!;
            environment[handler] = Settings(_template.FunctionEnvironment(function));
        }

        environment["read-chunk-items"] = new JsonObject { ["AWS_ENDPOINT_URL"] = _emulator.Endpoint.ToString() };
        (string file, IReadOnlyList<string> prefix) = Cli();
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["definition"] = Repository.Definition,
            ["input"] = input,
            ["command"] = new JsonArray([file, .. prefix.Select(p => (JsonNode)p), "invoke"]),
            ["handlers"] = new JsonObject { ["read-chunk-items"] = new JsonArray("node", Path.Combine(Repository.StepFunctionsFixture, "read-items.mjs")) },
            ["environment"] = environment,
        }.ToJsonString());

        ProcessResult result = await _tools.RunAsync("node", ["run.mjs", config], TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, $"run.mjs failed ({result.ExitCode}): {result.Stderr}");
        await Task.WhenAll(Snapshot());
        return new ExecutionReport(JsonNode.Parse(result.Stdout)!.AsObject());
    }

    public async Task<RunReport?> ReportAsync(string runId) =>
        await ReadAsync($"runs/{runId}/report.json") is byte[] json ? JsonSerializer.Deserialize(json, HybridBatchJson.Default.RunReport) : null;

    /// <summary>The indexes of the records the run rejected (runs/{runId}/rejects.jsonl).</summary>
    public async Task<HashSet<long>> RejectedIndexesAsync(string runId)
    {
        byte[] rejects = await ReadAsync($"runs/{runId}/rejects.jsonl") ?? [];
        return [.. System.Text.Encoding.UTF8.GetString(rejects).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, HybridBatchJson.Default.RejectedRecord)!.Index)];
    }

    public async Task<List<string>> KeysAsync(string prefix)
    {
        ListObjectsV2Response listed = await _emulator.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        return listed.S3Objects?.Select(o => o.Key).ToList() ?? [];
    }

    /// <summary>Receives and deletes every message on the queue: the record index of each (message attribute recordIndex).</summary>
    public async Task<List<long>> DrainAsync()
    {
        var indexes = new List<long>();
        while (true)
        {
            ReceiveMessageResponse received = await _emulator.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = Queue,
                MaxNumberOfMessages = 10,
                MessageAttributeNames = ["All"],
                WaitTimeSeconds = 0,
            });
            if (received.Messages is not { Count: > 0 } messages)
            {
                return indexes;
            }

            indexes.AddRange(messages.Select(m => long.Parse(m.MessageAttributes["recordIndex"].StringValue, CultureInfo.InvariantCulture)));
            await _emulator.Sqs.DeleteMessageBatchAsync(Queue, messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList());
        }
    }

    public async Task OverwriteInputAsync(string content) =>
        await _emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = InputKey, ContentBody = content });

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Snapshot());
        await Batch.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    // What every process gets besides its function's or job's settings: the endpoints of the stand-ins and the
    // credentials the fake Batch checks signatures with (Lambda and Batch give real ones through the role).
    private JsonObject Settings(IReadOnlyDictionary<string, string> settings)
    {
        var all = new JsonObject();
        foreach ((string name, string value) in settings.Concat(Access()))
        {
            all[name] = value;
        }

        return all;
    }

    private Dictionary<string, string> Access() => new(StringComparer.Ordinal)
    {
        ["AWS_REGION"] = FakeBatchEndpoint.Region,
        ["AWS_ACCESS_KEY_ID"] = FakeBatchEndpoint.Credentials.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = FakeBatchEndpoint.Credentials.SecretAccessKey,
        ["AWS_ENDPOINT_URL_S3"] = _emulator.Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_SQS"] = _emulator.Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_BATCH"] = Batch.Url.ToString(),
    };

    // A job starts as soon as it is submitted; its status follows the worker's exit code.
    private void StartWorker(FakeJob job)
    {
        Task worker = Task.Run(async () =>
        {
            string definition = job.Definition == FakeBatchEndpoint.ValidationDefinition ? "BatchValidationJobDefinition" : "BatchProcessingJobDefinition";
            List<string> command = _template.JobCommand(definition, job.Parameters);
            var environment = new Dictionary<string, string>(_template.JobEnvironment(definition), StringComparer.Ordinal);
            foreach ((string name, string value) in Access())
            {
                environment.TryAdd(name, value);
            }

            environment["AWS_BATCH_JOB_ID"] = job.JobId;
            environment["AWS_BATCH_JOB_ATTEMPT"] = "1";
            Batch.MoveTo(job.JobId, BatchJobStatus.Running);
            int exitCode;
            string output;
            try
            {
                if (BeforeWorker is not null)
                {
                    await BeforeWorker(job);
                }

                ProcessResult result = await RunCliAsync(command, environment, TimeSpan.FromMinutes(2));
                (exitCode, output) = (result.ExitCode, result.Stdout + result.Stderr);
            }
            catch (Exception failure)
            {
                (exitCode, output) = (1, failure.ToString());
            }

            lock (_lock)
            {
                _workerRuns.Add(new WorkerRun(job.JobId, job.Definition, command, exitCode, output));
            }

            Batch.Finish(job.JobId, exitCode);
        });
        lock (_lock)
        {
            _workers.Add(worker);
        }
    }

    private Task[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _workers];
        }
    }

    private async Task<byte[]?> ReadAsync(string key)
    {
        try
        {
            using GetObjectResponse response = await _emulator.S3.GetObjectAsync(Bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (Amazon.S3.AmazonS3Exception missing) when (missing.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    // hybridbatch.dll is built next to the tests (project reference); dotnet test names its own host.
    private static (string File, IReadOnlyList<string> Prefix) Cli() =>
        (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "hybridbatch.dll")]);

    // A child hybridbatch with exactly these settings (plus PATH, HOME and DOTNET_*), as a Batch container gets them.
    private static async Task<ProcessResult> RunCliAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        (string file, IReadOnlyList<string> prefix) = Cli();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.ToList())
        {
            if (name is not ("PATH" or "HOME" or "TMPDIR") && !name.StartsWith("DOTNET_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        foreach ((string name, string value) in settings)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hybridbatch {string.Join(' ', arguments)} took longer than {timeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>One Batch job's worker: what ran and how it ended.</summary>
internal sealed record WorkerRun(string JobId, string Definition, IReadOnlyList<string> Command, int ExitCode, string Output);
