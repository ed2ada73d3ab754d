using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HybridBatch.Adapters.Signing;
using HybridBatch.Core.Batch;

namespace HybridBatch.Adapters.Batch;

/// <summary>
/// <see cref="IBatchJobs"/> over the AWS Batch REST-JSON API (<c>POST /v1/submitjob</c>, <c>/v1/describejobs</c>,
/// <c>/v1/terminatejob</c>, <c>/v1/listjobs</c>), every request signed with SigV4 for service <c>batch</c>.
/// Throttling and server errors are retried with capped exponential backoff and full jitter; any other error
/// throws <see cref="BatchApiException"/> with AWS's error code.
/// </summary>
public sealed class BatchApiClient : IBatchJobs
{
    public const string SigningName = "batch";

    // DescribeJobs takes at most 100 ids per call.
    private const int DescribeBatchSize = 100;

    // ListJobs pages; a token that never ends would otherwise poll forever.
    private const int MaxListPages = 100;

    private static readonly MediaTypeHeaderValue _json = new("application/json");

    private readonly HttpClient _http;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _time;
    private readonly BatchApiClientOptions _options;
    private readonly SigV4Signer _signer;
    private readonly Uri _endpoint;

    /// <param name="http">Sends the requests; owned by the caller.</param>
    /// <param name="options">Region, endpoint and retries; see <see cref="BatchApiClientOptions.FromEnvironment"/>.</param>
    /// <param name="credentials">Credentials to sign with; <see cref="AwsSdkCredentialsProvider"/> in production.</param>
    /// <param name="time">Signing clock; <see cref="TimeProvider.System"/> when null.</param>
    public BatchApiClient(HttpClient http, BatchApiClientOptions options, IAwsCredentialsProvider credentials, TimeProvider? time = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _time = time ?? TimeProvider.System;
        _signer = new SigV4Signer(SigningName, _options.Region);
        _endpoint = _options.ResolvedEndpoint;
    }

    public async Task<SubmittedBatchJob> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new SubmitJobInput
        {
            JobName = request.JobName,
            JobQueue = request.JobQueue,
            JobDefinition = request.JobDefinition,
            Parameters = request.Parameters.Count == 0 ? null : new Dictionary<string, string>(request.Parameters),
            ContainerOverrides = Overrides(request),
            Tags = request.Tags.Count == 0 ? null : new Dictionary<string, string>(request.Tags),
        };

        // Not retried on a lost connection: the job may exist. SubmitChunkJob finds it by name when Step Functions retries.
        SubmitJobOutput output = await CallAsync("SubmitJob", "v1/submitjob", input, BatchApiJson.Default.SubmitJobInput, BatchApiJson.Default.SubmitJobOutput, retryLostConnections: false, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(output.JobId) || string.IsNullOrEmpty(output.JobName))
        {
            throw new BatchApiException("SubmitJob", 200, "InvalidResponse", "the answer has no jobId or jobName", null);
        }

        return new SubmittedBatchJob(output.JobId, output.JobName, output.JobArn);
    }

    // Both or neither: a job definition sizes what is not overridden, and half an override would be a surprise.
    private static ContainerOverridesWire? Overrides(BatchJobRequest request) => (request.Vcpus, request.MemoryMiB) switch
    {
        (null, null) => null,
        (int vcpus, int memory) => new ContainerOverridesWire
        {
            ResourceRequirements =
            [
                new ResourceRequirementWire { Type = "VCPU", Value = vcpus.ToString(CultureInfo.InvariantCulture) },
                new ResourceRequirementWire { Type = "MEMORY", Value = memory.ToString(CultureInfo.InvariantCulture) },
            ],
        },
        _ => throw new ArgumentException($"job {request.JobName}: give both Vcpus and MemoryMiB or neither", nameof(request)),
    };

    public async Task<IReadOnlyList<BatchJob>> DescribeAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var jobs = new List<BatchJob>();
        foreach (string[] batch in jobIds.Chunk(DescribeBatchSize))
        {
            DescribeJobsOutput output = await CallAsync("DescribeJobs", "v1/describejobs", new DescribeJobsInput { Jobs = [.. batch] }, BatchApiJson.Default.DescribeJobsInput, BatchApiJson.Default.DescribeJobsOutput, retryLostConnections: true, cancellationToken).ConfigureAwait(false);
            foreach (JobDetailWire detail in output.Jobs ?? [])
            {
                jobs.Add(ToJob(detail));
            }
        }

        return jobs;
    }

    public async Task TerminateAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await CallAsync("TerminateJob", "v1/terminatejob", new TerminateJobInput { JobId = jobId, Reason = reason }, BatchApiJson.Default.TerminateJobInput, BatchApiJson.Default.EmptyOutput, retryLostConnections: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BatchJobSummary>> FindByNameAsync(string jobQueue, string jobName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobQueue);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        var found = new List<BatchJobSummary>();
        string? token = null;
        for (int page = 0; page < MaxListPages; page++)
        {
            // With a filter, ListJobs ignores jobStatus and returns every status: what idempotency needs.
            var input = new ListJobsInput
            {
                JobQueue = jobQueue,
                Filters = [new KeyValuesPairWire { Name = "JOB_NAME", Values = [jobName] }],
                NextToken = token,
            };
            ListJobsOutput output = await CallAsync("ListJobs", "v1/listjobs", input, BatchApiJson.Default.ListJobsInput, BatchApiJson.Default.ListJobsOutput, retryLostConnections: true, cancellationToken).ConfigureAwait(false);
            foreach (JobSummaryWire summary in output.JobSummaryList ?? [])
            {
                // The filter matches case-insensitively (and a trailing * as a prefix); only the exact name is this job.
                if (summary.JobName == jobName)
                {
                    found.Add(new BatchJobSummary(
                        Required(summary.JobId, "ListJobs", "jobId"),
                        jobName,
                        ParseStatus(summary.Status, "ListJobs"),
                        Time(summary.CreatedAt),
                        summary.StatusReason));
                }
            }

            token = output.NextToken;
            if (string.IsNullOrEmpty(token))
            {
                return [.. found.OrderByDescending(j => j.CreatedAt ?? DateTimeOffset.MinValue)];
            }
        }

        throw new BatchApiException("ListJobs", 200, "InvalidResponse", $"more than {MaxListPages} pages of jobs named {jobName} in {jobQueue}", null);
    }

    public async Task<IReadOnlyList<BatchJobSummary>> ListByStatusAsync(string jobQueue, BatchJobStatus status, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobQueue);
        var found = new List<BatchJobSummary>();
        string? token = null;
        for (int page = 0; page < MaxListPages; page++)
        {
            // No filter: with one, ListJobs would ignore jobStatus and list every status.
            var input = new ListJobsInput { JobQueue = jobQueue, JobStatus = status.ToWire(), NextToken = token };
            ListJobsOutput output = await CallAsync("ListJobs", "v1/listjobs", input, BatchApiJson.Default.ListJobsInput, BatchApiJson.Default.ListJobsOutput, retryLostConnections: true, cancellationToken).ConfigureAwait(false);
            foreach (JobSummaryWire summary in output.JobSummaryList ?? [])
            {
                found.Add(new BatchJobSummary(
                    Required(summary.JobId, "ListJobs", "jobId"),
                    Required(summary.JobName, "ListJobs", "jobName"),
                    ParseStatus(summary.Status, "ListJobs"),
                    Time(summary.CreatedAt),
                    summary.StatusReason));
            }

            token = output.NextToken;
            if (string.IsNullOrEmpty(token))
            {
                return found;
            }
        }

        throw new BatchApiException("ListJobs", 200, "InvalidResponse", $"more than {MaxListPages} pages of {status.ToWire()} jobs in {jobQueue}", null);
    }

    private async Task<TOutput> CallAsync<TInput, TOutput>(string operation, string path, TInput input, JsonTypeInfo<TInput> inputType, JsonTypeInfo<TOutput> outputType, bool retryLostConnections, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(input, inputType);
        var uri = new Uri(_endpoint, path);
        for (int attempt = 1; ; attempt++)
        {
            BatchApiException failure;
            using (HttpRequestMessage request = await CreateSignedAsync(uri, body, cancellationToken).ConfigureAwait(false))
            {
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    failure = new BatchApiException(operation, 0, "RequestFailed", e.Message, null, e);
                    if (!retryLostConnections || attempt >= _options.MaxAttempts)
                    {
                        throw failure;
                    }

                    await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using (response)
                {
                    byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    string? requestId = Header(response, "x-amzn-RequestId");
                    if (response.IsSuccessStatusCode)
                    {
                        return Parse(operation, content, outputType, (int)response.StatusCode, requestId);
                    }

                    failure = ToException(operation, response, content, requestId);
                }
            }

            if (!IsRetryable(failure) || attempt >= _options.MaxAttempts)
            {
                throw failure;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> CreateSignedAsync(Uri uri, byte[] body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = _json;
        try
        {
            // Fetched for every try: rotated role credentials are picked up, and the signing time stays fresh.
            AwsCredentials credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            await request.SignAsync(_signer, credentials, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    // Full jitter (a random wait between 0 and the doubling cap) spreads the retries of many pollers that
    // were throttled together, which is the usual reason for a 429 from Batch.
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        double capTicks = Math.Min(_options.MaxDelay.Ticks, _options.BaseDelay.Ticks * Math.Pow(2, attempt - 1));
        double jitter = Math.Clamp(_options.Jitter(), 0, 1);
        return _options.Delay(TimeSpan.FromTicks((long)(capTicks * jitter)), cancellationToken);
    }

    private static bool IsRetryable(BatchApiException failure) =>
        failure.StatusCode is 429 or >= 500
        || failure.ErrorCode is "TooManyRequestsException" or "ThrottlingException" or "Throttling";

    private static TOutput Parse<TOutput>(string operation, byte[] content, JsonTypeInfo<TOutput> outputType, int status, string? requestId)
    {
        try
        {
            return (content.Length == 0 ? default : JsonSerializer.Deserialize(content, outputType))
                ?? throw new BatchApiException(operation, status, "InvalidResponse", "the answer is empty", requestId);
        }
        catch (JsonException e)
        {
            throw new BatchApiException(operation, status, "InvalidResponse", $"the answer is not the expected JSON: {e.Message}", requestId, e);
        }
    }

    private static BatchApiException ToException(string operation, HttpResponseMessage response, byte[] content, string? requestId)
    {
        ErrorBodyWire? body = null;
        try
        {
            body = content.Length == 0 ? null : JsonSerializer.Deserialize(content, BatchApiJson.Default.ErrorBodyWire);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status still says what happened.
        }

        // x-amzn-ErrorType is "Code:namespace-uri"; __type may be "namespace#Code".
        string? code = Header(response, "x-amzn-ErrorType")?.Split(':')[0]
            ?? body?.Type?.Split('#')[^1]
            ?? body?.Code;
        int status = (int)response.StatusCode;
        string message = body?.Message ?? body?.MessageUpper ?? response.ReasonPhrase ?? "no message";
        return new BatchApiException(operation, status, string.IsNullOrWhiteSpace(code) ? $"Http{status}" : code.Trim(), message, requestId);
    }

    private static BatchJob ToJob(JobDetailWire detail)
    {
        var requirements = (detail.Container?.ResourceRequirements ?? []).ToDictionary(r => r.Type, r => r.Value, StringComparer.Ordinal);
        return new BatchJob
        {
            JobId = Required(detail.JobId, "DescribeJobs", "jobId"),
            JobName = Required(detail.JobName, "DescribeJobs", "jobName"),
            JobQueue = detail.JobQueue ?? "",
            Status = ParseStatus(detail.Status, "DescribeJobs"),
            StatusReason = detail.StatusReason,
            CreatedAt = Time(detail.CreatedAt),
            StartedAt = Time(detail.StartedAt),
            StoppedAt = Time(detail.StoppedAt),
            Attempts = [.. (detail.Attempts ?? []).Select(a => new BatchJobAttempt
            {
                ExitCode = a.Container?.ExitCode,
                Reason = a.Container?.Reason,
                StatusReason = a.StatusReason,
                StartedAt = Time(a.StartedAt),
                StoppedAt = Time(a.StoppedAt),
            })],
            Parameters = detail.Parameters ?? [],
            Tags = detail.Tags ?? [],
            Vcpus = Integer(requirements.GetValueOrDefault("VCPU")),
            MemoryMiB = Integer(requirements.GetValueOrDefault("MEMORY")),
        };
    }

    private static BatchJobStatus ParseStatus(string? status, string operation)
    {
        try
        {
            return BatchJobStatuses.Parse(status ?? "");
        }
        catch (FormatException e)
        {
            throw new BatchApiException(operation, 200, "InvalidResponse", e.Message, null, e);
        }
    }

    private static string Required(string? value, string operation, string member) =>
        string.IsNullOrEmpty(value) ? throw new BatchApiException(operation, 200, "InvalidResponse", $"a job has no {member}", null) : value;

    // Batch's timestamps are milliseconds since the epoch.
    private static DateTimeOffset? Time(long? epochMilliseconds) =>
        epochMilliseconds is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    // Fargate jobs may ask for fractional vCPUs ("0.25"), which is not a whole number to report.
    private static int? Integer(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
