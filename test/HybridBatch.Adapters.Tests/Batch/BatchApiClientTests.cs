using System.Net.Http.Headers;
using System.Text;
using HybridBatch.Adapters.Batch;
using HybridBatch.Adapters.Signing;
using HybridBatch.Core.Batch;

namespace HybridBatch.Adapters.Tests.Batch;

/// <summary>The Batch client's protocol behaviour: retries with full jitter, error codes, and signatures the endpoint checks.</summary>
public sealed class BatchApiClientTests
{
    [Fact]
    public async Task Throttling_is_retried_with_capped_full_jitter_and_then_succeeds()
    {
        await using var harness = new BatchHarness(maxAttempts: 5);
        harness.Endpoint.ThrottleNext(4);

        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);

        Assert.True(submitted.Submitted);
        Assert.Single(harness.Endpoint.Jobs);
        // Jitter 0.5 of a cap that doubles from 200 ms and stops at 1 s.
        Assert.Equal([100, 200, 400, 500], harness.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task Throttling_gives_up_with_the_error_after_the_retry_budget()
    {
        await using var harness = new BatchHarness(maxAttempts: 3);
        harness.Endpoint.ThrottleNext(10);

        BatchApiException error = await Assert.ThrowsAsync<BatchApiException>(() => harness.Client.DescribeAsync(["job-1"], CancellationToken.None));

        Assert.Equal(("DescribeJobs", 429, "TooManyRequestsException", "Too Many Requests"), (error.Operation, error.StatusCode, error.ErrorCode, error.ErrorMessage));
        Assert.NotNull(error.RequestId);
        Assert.Equal(3, harness.Endpoint.Requests.Count);
        Assert.Equal(2, harness.Delays.Count);
    }

    [Fact]
    public async Task Server_error_is_retried()
    {
        await using var harness = new BatchHarness();
        harness.Endpoint.FailNext(500, "ServerException", "internal failure");
        harness.Endpoint.FailNext(503, "ServiceUnavailable", "try later", inHeader: false);

        IReadOnlyList<BatchJobSummary> jobs = await harness.Client.FindByNameAsync(FakeBatchEndpoint.Queue, "hb-none-c00001", CancellationToken.None);

        Assert.Empty(jobs);
        Assert.Equal(3, harness.Endpoint.Requests.Count);
        Assert.Equal(2, harness.Delays.Count);
    }

    [Fact]
    public async Task Listing_by_status_sends_the_queue_and_status_without_a_filter_and_follows_every_page()
    {
        await using var harness = new BatchHarness();
        harness.Endpoint.PageSize = 2;
        var tags = new Dictionary<string, string>();
        harness.Endpoint.Seed("job-r1", "hb-a-c00001", BatchJobStatus.Runnable, tags).StatusReason = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY";
        harness.Endpoint.Seed("job-r2", "hb-a-c00002", BatchJobStatus.Runnable, tags);
        harness.Endpoint.Seed("job-r3", "hb-a-c00003", BatchJobStatus.Runnable, tags);
        harness.Endpoint.Seed("job-x1", "hb-a-c00004", BatchJobStatus.Running, tags);

        // By ARN, as DescribeJobs names the queue.
        IReadOnlyList<BatchJobSummary> runnable = await harness.Client.ListByStatusAsync(FakeBatchEndpoint.QueueArn, BatchJobStatus.Runnable, CancellationToken.None);

        Assert.Equal(["job-r1", "job-r2", "job-r3"], runnable.Select(j => j.JobId).Order(StringComparer.Ordinal));
        Assert.All(runnable, j => Assert.Equal(BatchJobStatus.Runnable, j.Status));
        Assert.Equal("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", Assert.Single(runnable, j => j.JobId == "job-r1").StatusReason);
        Assert.Equal(2, harness.Endpoint.Requests.Count);
        Assert.All(harness.Endpoint.Requests, r =>
        {
            Assert.Equal(("POST", "/v1/listjobs", true), (r.Method, r.Path, r.SignatureValid));
            Assert.Equal(FakeBatchEndpoint.QueueArn, r.Body!["jobQueue"]!.GetValue<string>());
            Assert.Equal("RUNNABLE", r.Body["jobStatus"]!.GetValue<string>());
            // A filter would make Batch ignore jobStatus and list every status.
            Assert.Null(r.Body["filters"]);
        });
        Assert.Null(harness.Endpoint.Requests[0].Body!["nextToken"]);
        Assert.Equal("2", harness.Endpoint.Requests[1].Body!["nextToken"]!.GetValue<string>());

        IReadOnlyList<BatchJobSummary> running = await harness.Client.ListByStatusAsync(FakeBatchEndpoint.Queue, BatchJobStatus.Running, CancellationToken.None);
        Assert.Equal("job-x1", Assert.Single(running).JobId);
    }

    [Fact]
    public async Task Client_error_surfaces_at_once_with_its_code_and_message()
    {
        await using var harness = new BatchHarness();

        BatchApiException error = await Assert.ThrowsAsync<BatchApiException>(() => harness.Submit.ExecuteAsync(BatchHarness.Request(queue: "no-such-queue"), CancellationToken.None));

        Assert.Equal(("ListJobs", 400, "ClientException"), (error.Operation, error.StatusCode, error.ErrorCode));
        Assert.Equal("JobQueue no-such-queue not found", error.ErrorMessage);
        Assert.Single(harness.Endpoint.Requests);
        Assert.Empty(harness.Delays);
    }

    [Fact]
    public async Task Submit_error_surfaces_with_the_code_from_the_body_when_the_header_is_missing()
    {
        await using var harness = new BatchHarness();
        harness.Endpoint.FailNext(400, "ClientException", "Job definition hb-process:9 is INACTIVE", inHeader: false);

        BatchApiException error = await Assert.ThrowsAsync<BatchApiException>(() => harness.Client.SubmitAsync(new BatchJobRequest
        {
            JobName = "hb-x-c00001",
            JobQueue = FakeBatchEndpoint.Queue,
            JobDefinition = FakeBatchEndpoint.Definition,
            Vcpus = 4,
            MemoryMiB = 8192,
        }, CancellationToken.None));

        Assert.Equal(("SubmitJob", "ClientException", "Job definition hb-process:9 is INACTIVE"), (error.Operation, error.ErrorCode, error.ErrorMessage));
        Assert.Empty(harness.Endpoint.Jobs);
    }

    [Fact]
    public async Task Tampered_request_is_rejected_by_the_endpoint_signature_check()
    {
        await using var harness = new BatchHarness(tamper: new BodyTamperingHandler());

        BatchApiException error = await Assert.ThrowsAsync<BatchApiException>(() => harness.Client.SubmitAsync(new BatchJobRequest
        {
            JobName = "hb-x-c00001",
            JobQueue = FakeBatchEndpoint.Queue,
            JobDefinition = FakeBatchEndpoint.Definition,
            Vcpus = 4,
            MemoryMiB = 8192,
        }, CancellationToken.None));

        Assert.Equal((403, "InvalidSignatureException"), (error.StatusCode, error.ErrorCode));
        RecordedRequest request = Assert.Single(harness.Endpoint.Requests);
        Assert.False(request.SignatureValid);
        Assert.Equal("64", request.Body!["containerOverrides"]!["resourceRequirements"]![0]!["value"]!.GetValue<string>());
        Assert.Empty(harness.Endpoint.Jobs);
    }

    [Fact]
    public async Task Request_signed_with_another_secret_is_rejected()
    {
        await using var harness = new BatchHarness(credentials: new AwsCredentials(FakeBatchEndpoint.Credentials.AccessKeyId, "not-the-secret"));

        BatchApiException error = await Assert.ThrowsAsync<BatchApiException>(() => harness.Client.DescribeAsync(["job-1"], CancellationToken.None));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.False(Assert.Single(harness.Endpoint.Requests).SignatureValid);
    }

    [Fact]
    public async Task Unknown_job_status_fails_instead_of_being_read_as_anything()
    {
        await using var harness = new BatchHarness();
        // A status this client does not know must not pass as running or done.
        using var http = new HttpClient(new StaticAnswerHandler("""{"jobs":[{"jobId":"j1","jobName":"n","jobQueue":"q","status":"PAUSED"}]}"""));
        var client = new BatchApiClient(http, harness.Options, new FixedCredentialsProvider(FakeBatchEndpoint.Credentials));

        BatchApiException error = await Assert.ThrowsAsync<BatchApiException>(() => client.DescribeAsync(["j1"], CancellationToken.None));

        Assert.Equal("InvalidResponse", error.ErrorCode);
        Assert.Contains("PAUSED", error.Message);
    }

    /// <summary>Changes the body after it was signed: asks for 64 vCPUs instead of 4.</summary>
    private sealed class BodyTamperingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = await request.Content!.ReadAsStringAsync(cancellationToken);
            MediaTypeHeaderValue? type = request.Content.Headers.ContentType;
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Replace("\"value\":\"4\"", "\"value\":\"64\"", StringComparison.Ordinal)));
            request.Content.Headers.ContentType = type;
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class StaticAnswerHandler(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
