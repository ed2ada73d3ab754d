using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>
/// A local Lambda Runtime API on 127.0.0.1: serves queued invocations to <c>GET .../invocation/next</c> and
/// records what the runtime posts back. Any other path hangs until disposal, standing in for an AWS
/// endpoint that never answers (to run handlers out of time).
/// </summary>
public sealed class FakeRuntimeApi : IDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly HttpListener _listener = new();
    private readonly Channel<(string RequestId, string Body, DateTimeOffset Deadline, string? TraceId)> _queue = Channel.CreateUnbounded<(string, string, DateTimeOffset, string?)>();
    private readonly Channel<RecordedAnswer> _answers = Channel.CreateUnbounded<RecordedAnswer>();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<int> _responseRefusals = new();

    public FakeRuntimeApi()
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = FreePort();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Enqueue(string requestId, string body, TimeSpan timeLeft, string? traceId = null) =>
        _queue.Writer.TryWrite((requestId, body, DateTimeOffset.UtcNow + timeLeft, traceId));

    /// <summary>
    /// The next <c>/response</c> post is answered with <paramref name="status"/> instead of 202 (413: too large for
    /// Lambda; 500: the environment is broken and the runtime must exit). It is still recorded.
    /// </summary>
    public void RefuseNextResponse(int status) => _responseRefusals.Enqueue(status);

    /// <summary>The next thing the runtime posted, or a failure after <paramref name="timeout"/>.</summary>
    public async Task<RecordedAnswer> NextAnswerAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            return await _answers.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the runtime posted nothing within {timeout}");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            string path = context.Request.Url!.AbsolutePath;
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }

            string resource = path[Prefix.Length..];
            if (resource == "invocation/next")
            {
                var next = await _queue.Reader.ReadAsync(_stop.Token);
                context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
                context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:test";
                if (next.TraceId is not null)
                {
                    context.Response.Headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
                }

                await Reply(context, 200, next.Body);
                return;
            }

            string? errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"];
            RecordedAnswer answer = resource switch
            {
                "init/error" => new RecordedAnswer(RecordedAnswer.InitError, null, body, errorType),
                _ when resource.StartsWith("invocation/", StringComparison.Ordinal) && resource.EndsWith("/response", StringComparison.Ordinal) =>
                    new RecordedAnswer(RecordedAnswer.Response, resource.Split('/')[1], body, errorType),
                _ when resource.StartsWith("invocation/", StringComparison.Ordinal) && resource.EndsWith("/error", StringComparison.Ordinal) =>
                    new RecordedAnswer(RecordedAnswer.Error, resource.Split('/')[1], body, errorType),
                _ => new RecordedAnswer("unknown " + resource, null, body, errorType),
            };
            _answers.Writer.TryWrite(answer);
            if (answer.Kind == RecordedAnswer.Response && _responseRefusals.TryDequeue(out int refusal))
            {
                await Reply(context, refusal, $"{{\"errorMessage\":\"refused with {refusal}\",\"errorType\":\"Test.Refused\"}}");
                return;
            }

            await Reply(context, 202, "{\"status\":\"OK\"}");
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            context.Response.Abort();
        }
    }

    private static async Task Reply(HttpListenerContext context, int status, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
