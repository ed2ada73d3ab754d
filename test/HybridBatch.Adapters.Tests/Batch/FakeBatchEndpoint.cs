using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridBatch.Adapters.Signing;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core.Batch;

namespace HybridBatch.Adapters.Tests.Batch;

/// <summary>
/// The AWS Batch REST-JSON subset HybridBatch calls (submitjob, describejobs, terminatejob, listjobs) on
/// 127.0.0.1. It recomputes the SigV4 signature of every request with the project's signer and the known
/// test credentials and answers 403 <c>InvalidSignatureException</c> on a mismatch. Jobs live in memory and
/// move only when the test says so; throttling and server errors can be injected; every request is recorded.
/// </summary>
internal sealed partial class FakeBatchEndpoint : IAsyncDisposable
{
    public const string Region = "us-test-1";
    public const string Queue = "hb-queue";
    public const string Definition = "hb-process";
    public const string ValidationDefinition = "hb-validate";

    public static readonly string QueueArn = $"arn:aws:batch:{Region}:000000000000:job-queue/{Queue}";

    public static readonly AwsCredentials Credentials = new("AKIDBATCHTEST", "batch-test-secret-key");

    private readonly LocalHttpListener _listener;
    private readonly Lock _lock = new();
    private readonly SigV4Signer _signer = new("batch", Region);
    private readonly TimeProvider _clock;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, FakeJob> _jobs = [];
    private readonly Queue<InjectedError> _errors = new();
    private readonly Queue<string> _nextJobIds = new();

    public FakeBatchEndpoint(TimeProvider clock)
    {
        _clock = clock;
        _listener = new LocalHttpListener(HandleAsync);
    }

    public Uri Url => _listener.Url;

    /// <summary>
    /// Raised for each job SubmitJob created, outside the endpoint's lock and before the answer is sent: a test can
    /// start the job's worker from it (and move the job with <see cref="MoveTo"/> and <see cref="Finish"/>).
    /// </summary>
    public event Action<FakeJob>? JobSubmitted;

    /// <summary>Jobs per ListJobs page.</summary>
    public int PageSize { get; set; } = 100;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<FakeJob> Jobs
    {
        get
        {
            lock (_lock)
            {
                return [.. _jobs.Values];
            }
        }
    }

    public FakeJob Job(string jobId)
    {
        lock (_lock)
        {
            return _jobs[jobId];
        }
    }

    /// <summary>The next <paramref name="count"/> correctly signed requests get 429 TooManyRequestsException.</summary>
    public void ThrottleNext(int count)
    {
        for (int i = 0; i < count; i++)
        {
            FailNext(429, "TooManyRequestsException", "Too Many Requests", inHeader: false);
        }
    }

    /// <summary>The next correctly signed request fails with this status and code (in x-amzn-ErrorType or only in the body).</summary>
    public void FailNext(int status, string code, string message, bool inHeader = true)
    {
        lock (_lock)
        {
            _errors.Enqueue(new InjectedError(status, code, message, inHeader));
        }
    }

    /// <summary>The next submitted job gets this id instead of a random one (sample events name their job).</summary>
    public void AssignNextJobId(string jobId)
    {
        lock (_lock)
        {
            _nextJobIds.Enqueue(jobId);
        }
    }

    /// <summary>
    /// Puts a job in place as if it had been submitted earlier, with a known id (sample events name their job):
    /// RUNNING has started, SUCCEEDED and FAILED have one ended attempt (exit 0, else 1).
    /// </summary>
    public FakeJob Seed(string jobId, string name, BatchJobStatus status, IReadOnlyDictionary<string, string> tags, string definition = Definition)
    {
        lock (_lock)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            var job = new FakeJob(jobId, name, Queue, definition, now) { Tags = new Dictionary<string, string>(tags), Status = status };
            if (status is BatchJobStatus.Running or BatchJobStatus.Succeeded or BatchJobStatus.Failed)
            {
                job.StartedAt = now;
            }

            if (!status.IsActive())
            {
                int exitCode = status == BatchJobStatus.Succeeded ? 0 : 1;
                job.Attempts.Add(new FakeAttempt(exitCode, null, now, now, exitCode == 0 ? null : "Essential container in task exited"));
                job.StatusReason = exitCode == 0 ? null : "Essential container in task exited";
                job.StoppedAt = now;
            }

            _jobs.Add(jobId, job);
            return job;
        }
    }

    /// <summary>Moves a job forward along SUBMITTED → PENDING → RUNNABLE → STARTING → RUNNING, as Batch's scheduler would.</summary>
    public void MoveTo(string jobId, BatchJobStatus status)
    {
        lock (_lock)
        {
            FakeJob job = _jobs[jobId];
            if (!job.Status.IsActive() || !status.IsActive() || status <= job.Status)
            {
                throw new InvalidOperationException($"fake Batch cannot move job {jobId} from {job.Status} to {status}");
            }

            job.Status = status;
            if (status == BatchJobStatus.Running)
            {
                job.StartedAt = _clock.GetUtcNow();
            }
        }
    }

    /// <summary>Ends the running attempt: exit code 0 succeeds the job, anything else fails it.</summary>
    public void Finish(string jobId, int exitCode, string? containerReason = null)
    {
        lock (_lock)
        {
            FakeJob job = _jobs[jobId];
            if (job.Status != BatchJobStatus.Running)
            {
                throw new InvalidOperationException($"fake Batch job {jobId} is {job.Status}, not RUNNING");
            }

            DateTimeOffset now = _clock.GetUtcNow();
            job.Attempts.Add(new FakeAttempt(exitCode, containerReason, job.StartedAt, now, exitCode == 0 ? null : "Essential container in task exited"));
            job.Status = exitCode == 0 ? BatchJobStatus.Succeeded : BatchJobStatus.Failed;
            job.StatusReason = exitCode == 0 ? null : "Essential container in task exited";
            job.StoppedAt = now;
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        Answer answer;
        try
        {
            answer = Handle(context.Request, body.ToArray());
        }
        catch (Exception e)
        {
            answer = Error(500, "ServerException", $"fake Batch failed: {e.Message}", inHeader: true);
        }

        if (answer.Submitted is FakeJob submitted)
        {
            JobSubmitted?.Invoke(submitted);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(answer.Body);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (answer.ErrorTypeHeader is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = answer.ErrorTypeHeader;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private Answer Handle(HttpListenerRequest request, byte[] body)
    {
        string path = request.Url!.AbsolutePath;
        string? signatureProblem = CheckSignature(request, body);
        JsonNode? json = body.Length == 0 ? null : JsonNode.Parse(body);
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.HttpMethod, path, json, signatureProblem is null));
            if (signatureProblem is not null)
            {
                return Error(403, "InvalidSignatureException", signatureProblem, inHeader: true);
            }

            if (_errors.TryDequeue(out InjectedError? injected))
            {
                return Error(injected.Status, injected.Code, injected.Message, injected.InHeader);
            }

            if (request.HttpMethod != "POST" || json is null)
            {
                return Error(400, "ClientException", $"expected a POST with a JSON body to {path}", inHeader: true);
            }

            return path switch
            {
                "/v1/submitjob" => Submit(json),
                "/v1/describejobs" => Describe(json),
                "/v1/terminatejob" => Terminate(json),
                "/v1/listjobs" => List(json),
                _ => Error(404, "UnknownOperationException", $"no operation at {path}", inHeader: true),
            };
        }
    }

    // Recomputes the signature from what arrived: method, path, query, the headers the client says it signed, and the body.
    private string? CheckSignature(HttpListenerRequest request, byte[] body)
    {
        string? authorization = request.Headers["Authorization"];
        string? amzDate = request.Headers["X-Amz-Date"];
        if (authorization is null || amzDate is null)
        {
            return "missing Authorization or X-Amz-Date";
        }

        Match match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"malformed Authorization '{authorization}'";
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (string name in match.Groups["signed"].Value.Split(';'))
        {
            string? value = request.Headers[name];
            if (value is null)
            {
                return $"signed header {name} was not sent";
            }

            headers.Add(new(name, value));
        }

        DateTimeOffset timestamp = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var uri = new Uri(Url, request.RawUrl);
        var described = new SigV4Request(request.HttpMethod, uri) { Headers = headers, Body = body };
        string expected = _signer.Sign(described, Credentials, timestamp).Authorization;
        return expected == authorization ? null : "The request signature we calculated does not match the signature you provided.";
    }

    private Answer Submit(JsonNode json)
    {
        string name = json["jobName"]?.GetValue<string>() ?? "";
        string queue = json["jobQueue"]?.GetValue<string>() ?? "";
        string definition = json["jobDefinition"]?.GetValue<string>() ?? "";
        if (!JobNamePattern().IsMatch(name))
        {
            return Error(400, "ClientException", $"Job name '{name}' is not valid", inHeader: true);
        }

        if (queue != Queue)
        {
            return Error(400, "ClientException", $"JobQueue {queue} not found", inHeader: true);
        }

        if (definition is not (Definition or ValidationDefinition))
        {
            return Error(400, "ClientException", $"Job definition {definition} not found", inHeader: true);
        }

        string jobId = _nextJobIds.TryDequeue(out string? assigned) ? assigned : Guid.NewGuid().ToString();
        var job = new FakeJob(jobId, name, queue, definition, _clock.GetUtcNow())
        {
            Parameters = Strings(json["parameters"]),
            Tags = Strings(json["tags"]),
        };
        foreach (JsonNode? requirement in json["containerOverrides"]?["resourceRequirements"]?.AsArray() ?? [])
        {
            job.ResourceRequirements[requirement!["type"]!.GetValue<string>()] = requirement["value"]!.GetValue<string>();
        }

        _jobs.Add(job.JobId, job);
        return Ok(new JsonObject { ["jobArn"] = $"arn:aws:batch:{Region}:000000000000:job/{job.JobId}", ["jobName"] = name, ["jobId"] = job.JobId }) with { Submitted = job };
    }

    private Answer Describe(JsonNode json)
    {
        var jobs = new JsonArray();
        foreach (JsonNode? id in json["jobs"]?.AsArray() ?? [])
        {
            if (_jobs.TryGetValue(id!.GetValue<string>(), out FakeJob? job))
            {
                jobs.Add(Detail(job));
            }
        }

        return Ok(new JsonObject { ["jobs"] = jobs });
    }

    private Answer Terminate(JsonNode json)
    {
        string id = json["jobId"]?.GetValue<string>() ?? "";
        string? reason = json["reason"]?.GetValue<string>();
        if (!_jobs.TryGetValue(id, out FakeJob? job) || string.IsNullOrEmpty(reason))
        {
            return Error(400, "ClientException", $"job {id} not found or no reason given", inHeader: true);
        }

        if (job.Status.IsActive())
        {
            job.Status = BatchJobStatus.Failed;
            job.StatusReason = reason;
            job.StoppedAt = _clock.GetUtcNow();
        }

        return Ok(new JsonObject());
    }

    private Answer List(JsonNode json)
    {
        // As Batch: the queue by name or by ARN (DescribeJobs gives the ARN).
        string? queue = json["jobQueue"]?.GetValue<string>();
        if (queue != Queue && queue != QueueArn)
        {
            return Error(400, "ClientException", $"JobQueue {queue} not found", inHeader: true);
        }

        JsonNode? filter = json["filters"]?.AsArray().FirstOrDefault();
        IEnumerable<FakeJob> jobs = _jobs.Values.Where(j => j.Queue == Queue);
        if (filter is not null)
        {
            if (filter["name"]!.GetValue<string>() != "JOB_NAME")
            {
                return Error(400, "ClientException", "the fake only filters by JOB_NAME", inHeader: true);
            }

            // As Batch: case-insensitive, a trailing * matches a prefix, and every status is listed.
            string value = filter["values"]![0]!.GetValue<string>();
            jobs = value.EndsWith('*')
                ? jobs.Where(j => j.Name.StartsWith(value[..^1], StringComparison.OrdinalIgnoreCase))
                : jobs.Where(j => j.Name.Equals(value, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            // As Batch: without a filter, jobStatus selects, and RUNNING when it is absent.
            BatchJobStatus status = json["jobStatus"] is JsonNode wire ? BatchJobStatuses.Parse(wire.GetValue<string>()) : BatchJobStatus.Running;
            jobs = jobs.Where(j => j.Status == status);
        }

        List<FakeJob> all = [.. jobs.OrderByDescending(j => j.CreatedAt)];
        int start = json["nextToken"] is JsonNode token ? int.Parse(token.GetValue<string>(), CultureInfo.InvariantCulture) : 0;
        var page = new JsonArray();
        foreach (FakeJob job in all.Skip(start).Take(PageSize))
        {
            var summary = new JsonObject { ["jobId"] = job.JobId, ["jobName"] = job.Name, ["status"] = job.Status.ToWire(), ["createdAt"] = job.CreatedAt.ToUnixTimeMilliseconds() };
            if (job.StatusReason is not null)
            {
                summary["statusReason"] = job.StatusReason;
            }

            page.Add(summary);
        }

        var answer = new JsonObject { ["jobSummaryList"] = page };
        if (start + PageSize < all.Count)
        {
            answer["nextToken"] = (start + PageSize).ToString(CultureInfo.InvariantCulture);
        }

        return Ok(answer);
    }

    private static JsonObject Detail(FakeJob job)
    {
        var attempts = new JsonArray();
        foreach (FakeAttempt attempt in job.Attempts)
        {
            var container = new JsonObject { ["exitCode"] = attempt.ExitCode };
            if (attempt.Reason is not null)
            {
                container["reason"] = attempt.Reason;
            }

            attempts.Add(new JsonObject
            {
                ["container"] = container,
                ["startedAt"] = attempt.StartedAt?.ToUnixTimeMilliseconds(),
                ["stoppedAt"] = attempt.StoppedAt.ToUnixTimeMilliseconds(),
                ["statusReason"] = attempt.StatusReason,
            });
        }

        var requirements = new JsonArray();
        foreach ((string type, string value) in job.ResourceRequirements)
        {
            requirements.Add(new JsonObject { ["type"] = type, ["value"] = value });
        }

        var detail = new JsonObject
        {
            ["jobArn"] = $"arn:aws:batch:{Region}:000000000000:job/{job.JobId}",
            ["jobName"] = job.Name,
            ["jobId"] = job.JobId,
            ["jobQueue"] = $"arn:aws:batch:{Region}:000000000000:job-queue/{job.Queue}",
            ["status"] = job.Status.ToWire(),
            ["attempts"] = attempts,
            ["createdAt"] = job.CreatedAt.ToUnixTimeMilliseconds(),
            ["jobDefinition"] = $"arn:aws:batch:{Region}:000000000000:job-definition/{job.Definition}:1",
            ["parameters"] = Object(job.Parameters),
            ["tags"] = Object(job.Tags),
            ["container"] = new JsonObject { ["image"] = "hybridbatch:latest", ["resourceRequirements"] = requirements },
        };
        if (job.StatusReason is not null)
        {
            detail["statusReason"] = job.StatusReason;
        }

        if (job.StartedAt is DateTimeOffset started)
        {
            detail["startedAt"] = started.ToUnixTimeMilliseconds();
        }

        if (job.StoppedAt is DateTimeOffset stopped)
        {
            detail["stoppedAt"] = stopped.ToUnixTimeMilliseconds();
        }

        return detail;
    }

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        node?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) ?? [];

    private static JsonObject Object(Dictionary<string, string> values) =>
        new(values.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    private static Answer Ok(JsonObject body) => new(200, body.ToJsonString(), null);

    // Batch names the error in x-amzn-ErrorType; some answers (throttling from the front end) carry it only in the body.
    private static Answer Error(int status, string code, string message, bool inHeader) =>
        new(status, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), inHeader ? $"{code}:http://internal.amazon.com/coral/com.amazon.batch/" : null);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/]+/\d{8}/[^/]+/batch/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex JobNamePattern();

    private sealed record Answer(int Status, string Body, string? ErrorTypeHeader)
    {
        public FakeJob? Submitted { get; init; }
    }

    private sealed record InjectedError(int Status, string Code, string Message, bool InHeader);
}

/// <summary>A job as the fake Batch keeps it.</summary>
internal sealed class FakeJob(string jobId, string name, string queue, string definition, DateTimeOffset createdAt)
{
    public string JobId { get; } = jobId;

    public string Name { get; } = name;

    public string Queue { get; } = queue;

    public string Definition { get; } = definition;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public BatchJobStatus Status { get; set; } = BatchJobStatus.Submitted;

    public string? StatusReason { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public Dictionary<string, string> Parameters { get; init; } = [];

    public Dictionary<string, string> Tags { get; init; } = [];

    public Dictionary<string, string> ResourceRequirements { get; } = [];

    public List<FakeAttempt> Attempts { get; } = [];
}

internal sealed record FakeAttempt(int ExitCode, string? Reason, DateTimeOffset? StartedAt, DateTimeOffset StoppedAt, string? StatusReason);

/// <summary>One request as it arrived, and whether its signature checked out.</summary>
internal sealed record RecordedRequest(string Method, string Path, JsonNode? Body, bool SignatureValid);
