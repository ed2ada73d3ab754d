using System.Text;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary>The invocation loop in-process, with handlers that misbehave on purpose.</summary>
public sealed class InvocationLoopTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_response_over_6_MB_is_an_error_not_a_truncation()
    {
        await using var host = new LoopHost(new DelegateHandler((_, _) => Task.FromResult(new byte[RuntimeOptions.MaxResponseBytes + 1])));
        host.Api.Enqueue("big", "{}", TimeSpan.FromMinutes(1));

        RecordedAnswer answer = await host.Api.NextAnswerAsync(s_wait);

        Assert.Equal(RecordedAnswer.Error, answer.Kind);
        Assert.Equal("HybridBatch.ResponseTooLarge", answer.ErrorTypeHeader);
    }

    [Fact]
    public async Task A_handler_that_ignores_its_token_is_abandoned_and_reported_as_a_timeout()
    {
        var release = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = new LoopHost(new DelegateHandler((_, _) => release.Task), margin: TimeSpan.FromMilliseconds(400));
        host.Api.Enqueue("stuck", "{}", TimeSpan.FromMilliseconds(800));

        RecordedAnswer answer = await host.Api.NextAnswerAsync(s_wait);
        release.SetResult([]);

        Assert.Equal("stuck", answer.RequestId);
        Assert.Equal("HybridBatch.Timeout", answer.ErrorTypeHeader);
    }

    [Fact]
    public async Task Unknown_exceptions_keep_their_type_name_and_io_failures_are_transient()
    {
        int calls = 0;
        await using var host = new LoopHost(new DelegateHandler((_, _) => ++calls == 1
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
    public async Task The_handler_sees_the_invocation_headers()
    {
        InvocationContext? seen = null;
        await using var host = new LoopHost(new DelegateHandler((_, context) =>
        {
            seen = context;
            return Task.FromResult(Encoding.UTF8.GetBytes("{\"ok\":true}"));
        }));
        host.Api.Enqueue("req-9", "{}", TimeSpan.FromMinutes(1), traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");

        RecordedAnswer answer = await host.Api.NextAnswerAsync(s_wait);

        Assert.Equal("{\"ok\":true}", answer.Body);
        Assert.NotNull(seen);
        Assert.Equal("req-9", seen.RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:test", seen.FunctionArn);
        Assert.StartsWith("Root=1-5759e988", seen.TraceId, StringComparison.Ordinal);
        Assert.True(seen.ColdStart);
        Assert.InRange(seen.Deadline, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private sealed class DelegateHandler(Func<byte[], InvocationContext, Task<byte[]>> handle) : IFunctionHandler
    {
        public Task<byte[]> HandleAsync(byte[] input, InvocationContext context, CancellationToken cancellationToken) => handle(input, context);
    }

    private sealed class LoopHost : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly RuntimeApiClient _client;
        private readonly Task _loop;

        public LoopHost(IFunctionHandler handler, TimeSpan? margin = null)
        {
            Api = new FakeRuntimeApi();
            _client = new RuntimeApiClient(Api.Host);
            var log = new JsonLogger(new MemoryStream(), "test", "test");
            var options = new RuntimeOptions { DeadlineMargin = margin ?? TimeSpan.FromSeconds(2) };
            _loop = Task.Run(() => new InvocationLoop(_client, handler, options, log, TimeProvider.System).RunAsync(_stop.Token));
        }

        public FakeRuntimeApi Api { get; }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            Api.Dispose();
            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5)));
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
