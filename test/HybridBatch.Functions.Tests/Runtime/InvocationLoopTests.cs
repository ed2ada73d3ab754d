using System.Collections.Concurrent;
using System.Text;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary>The invocation loop in-process against a local Runtime API, with handlers that misbehave on purpose.</summary>
public sealed class InvocationLoopTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_response_over_6_MB_is_an_error_not_a_truncation()
    {
        await using var host = new LoopHost(new DelegateHandler((_, _, _) => Task.FromResult(new byte[RuntimeOptions.MaxResponseBytes + 1])));
        host.Api.Enqueue("big", "{}", TimeSpan.FromMinutes(1));

        RecordedAnswer answer = await host.Api.NextAnswerAsync(s_wait);

        Assert.Equal(RecordedAnswer.Error, answer.Kind);
        Assert.Equal("HybridBatch.ResponseTooLarge", answer.ErrorTypeHeader);
        Assert.Contains("never truncated", answer.Json.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_response_the_runtime_api_refuses_as_too_large_is_reported_as_an_error_and_the_loop_goes_on()
    {
        await using var host = new LoopHost(new DelegateHandler((_, _, _) => Task.FromResult("{\"ok\":true}"u8.ToArray())));
        host.Api.RefuseNextResponse(413);
        host.Api.Enqueue("refused", "{}", TimeSpan.FromMinutes(1));
        host.Api.Enqueue("next", "{}", TimeSpan.FromMinutes(1));

        RecordedAnswer attempted = await host.Api.NextAnswerAsync(s_wait);
        RecordedAnswer reported = await host.Api.NextAnswerAsync(s_wait);
        RecordedAnswer next = await host.Api.NextAnswerAsync(s_wait);

        Assert.Equal(RecordedAnswer.Response, attempted.Kind);
        Assert.Equal(RecordedAnswer.Error, reported.Kind);
        Assert.Equal("refused", reported.RequestId);
        Assert.Equal("HybridBatch.ResponseTooLarge", reported.ErrorTypeHeader);
        Assert.Equal(RecordedAnswer.Response, next.Kind);
        Assert.Equal("next", next.RequestId);
    }

    [Fact]
    public async Task A_runtime_api_error_500_ends_the_loop_so_the_process_can_exit()
    {
        await using var host = new LoopHost(new DelegateHandler((_, _, _) => Task.FromResult("{}"u8.ToArray())));
        host.Api.RefuseNextResponse(500);
        host.Api.Enqueue("broken", "{}", TimeSpan.FromMinutes(1));

        RuntimeApiException error = await Assert.ThrowsAsync<RuntimeApiException>(() => host.Loop.WaitAsync(s_wait));

        Assert.True(error.IsFatal);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task A_handler_that_ignores_its_token_is_abandoned_and_reported_as_a_timeout()
    {
        var release = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = new LoopHost(new DelegateHandler((_, _, _) => release.Task), margin: TimeSpan.FromMilliseconds(400));
        host.Api.Enqueue("stuck", "{}", TimeSpan.FromMilliseconds(800));

        RecordedAnswer answer = await host.Api.NextAnswerAsync(s_wait);
        release.SetResult([]);

        Assert.Equal("stuck", answer.RequestId);
        Assert.Equal("HybridBatch.Timeout", answer.ErrorTypeHeader);
    }

    [Fact]
    public async Task A_handler_that_honours_its_token_is_cancelled_before_the_deadline_and_the_next_invocation_is_served()
    {
        var sawCancellation = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = new LoopHost(new DelegateHandler(async (input, _, token) =>
        {
            if (Encoding.UTF8.GetString(input) == "{\"slow\":true}")
            {
                await using (token.Register(() => sawCancellation.TrySetResult(DateTimeOffset.UtcNow)))
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
            }

            return "{\"done\":true}"u8.ToArray();
        }), margin: TimeSpan.FromMilliseconds(1500));
        // A wide margin: a loaded machine may start the handler late, and then the token is already cancelled
        // when it registers; the callback still has to run before the deadline.
        DateTimeOffset deadline = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(3000);
        host.Api.Enqueue("slow", "{\"slow\":true}", deadline - DateTimeOffset.UtcNow);
        host.Api.Enqueue("quick", "{}", TimeSpan.FromMinutes(1));

        RecordedAnswer timedOut = await host.Api.NextAnswerAsync(s_wait);
        RecordedAnswer served = await host.Api.NextAnswerAsync(s_wait);
        DateTimeOffset cancelledAt = await sawCancellation.Task.WaitAsync(s_wait);

        Assert.Equal("HybridBatch.Timeout", timedOut.ErrorTypeHeader);
        Assert.True(cancelledAt < deadline, $"cancelled at {cancelledAt:O}, after the deadline {deadline:O}");
        Assert.Equal("quick", served.RequestId);
        Assert.Equal("{\"done\":true}", served.Body);
    }

    [Fact]
    public async Task Unknown_exceptions_keep_their_type_name_and_io_failures_are_transient()
    {
        int calls = 0;
        await using var host = new LoopHost(new DelegateHandler((_, _, _) => ++calls == 1
            ? throw new InvalidOperationException("boom")
            : throw new IOException("connection reset")));
        host.Api.Enqueue("a", "{}", TimeSpan.FromMinutes(1));
        host.Api.Enqueue("b", "{}", TimeSpan.FromMinutes(1));

        RecordedAnswer first = await host.Api.NextAnswerAsync(s_wait);
        RecordedAnswer second = await host.Api.NextAnswerAsync(s_wait);

        Assert.Equal("System.InvalidOperationException", first.ErrorTypeHeader);
        Assert.Equal("boom", first.Json.GetProperty("errorMessage").GetString());
        Assert.Equal("HybridBatch.Transient", second.ErrorTypeHeader);
    }

    [Fact]
    public async Task The_handler_sees_the_invocation_headers_and_the_trace_header_is_set_for_each_invocation()
    {
        var seen = new ConcurrentQueue<InvocationContext>();
        await using var host = new LoopHost(new DelegateHandler((_, context, _) =>
        {
            seen.Enqueue(context);
            return Task.FromResult(Encoding.UTF8.GetBytes("{\"ok\":true}"));
        }));
        host.Api.Enqueue("req-9", "{}", TimeSpan.FromMinutes(1), traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        host.Api.Enqueue("req-10", "{}", TimeSpan.FromMinutes(1));

        RecordedAnswer answer = await host.Api.NextAnswerAsync(s_wait);
        await host.Api.NextAnswerAsync(s_wait);

        Assert.Equal("{\"ok\":true}", answer.Body);
        InvocationContext[] contexts = [.. seen];
        Assert.Equal("req-9", contexts[0].RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:test", contexts[0].FunctionArn);
        Assert.StartsWith("Root=1-5759e988", contexts[0].TraceId, StringComparison.Ordinal);
        Assert.True(contexts[0].ColdStart);
        Assert.False(contexts[1].ColdStart);
        Assert.InRange(contexts[0].Deadline, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1));

        // _X_AMZN_TRACE_ID follows each invocation; one without a trace header must not keep the last one's.
        Assert.Equal(["Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", null], host.TraceIds);
    }

    private sealed class DelegateHandler(Func<byte[], InvocationContext, CancellationToken, Task<byte[]>> handle) : IFunctionHandler
    {
        public Task<byte[]> HandleAsync(byte[] input, InvocationContext context, CancellationToken cancellationToken) => handle(input, context, cancellationToken);
    }

    private sealed class LoopHost : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly RuntimeApiClient _client;
        private readonly ConcurrentQueue<string?> _traceIds = new();

        public LoopHost(IFunctionHandler handler, TimeSpan? margin = null)
        {
            Api = new FakeRuntimeApi();
            _client = new RuntimeApiClient(Api.Host);
            var output = new LineOutput(Stream.Null);
            var log = new JsonLogger(output, "test", "test");
            var metrics = new MetricsLogger(output, log, "Test", "test", "test");
            var options = new RuntimeOptions { DeadlineMargin = margin ?? TimeSpan.FromSeconds(2) };
            var runner = new InvocationRunner(handler, options, log, TimeProvider.System);
            Loop = Task.Run(() => new InvocationLoop(_client, runner, log, metrics, _traceIds.Enqueue).RunAsync(_stop.Token));
        }

        public FakeRuntimeApi Api { get; }

        public Task Loop { get; }

        public IReadOnlyList<string?> TraceIds => [.. _traceIds];

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            Api.Dispose();
            try
            {
                await Loop.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // Stopping the API ends the loop with whatever the pending request threw.
            }

            _client.Dispose();
            _stop.Dispose();
        }
    }
}
