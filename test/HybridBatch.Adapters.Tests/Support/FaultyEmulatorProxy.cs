using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>
/// An HTTP proxy on 127.0.0.1 in front of the S3/SQS emulator that answers a seeded share of S3 requests with
/// <c>503 SlowDown</c> or <c>500 InternalError</c> (as S3 does under load), forwards everything else unchanged, and
/// counts SQS <c>SendMessageBatch</c> answers so a test can kill a worker at a chosen point of its publishing.
/// </summary>
/// <remarks>
/// It works on raw bytes, one request per connection (the forwarded request says <c>Connection: close</c>, so the
/// client does not reuse it): heads, bodies, <c>HEAD</c> answers and aws-chunked uploads pass through exactly as
/// sent. SQS requests (JSON protocol, <c>X-Amz-Target: AmazonSQS.*</c>) never fail here. The seed fixes the
/// sequence of decisions in the order requests arrive.
/// </remarks>
public sealed class FaultyEmulatorProxy : IAsyncDisposable
{
    private static readonly byte[] s_headEnd = "\r\n\r\n"u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly Task _accept;
    private int _s3Requests;
    private int _s3Failures;
    private int _sqsSends;

    /// <param name="upstream">The emulator's endpoint.</param>
    /// <param name="seed">Seeds the choice of the requests that fail.</param>
    /// <param name="s3FailureShare">The probability that an S3 request is answered with 503 or 500 (0 forwards all).</param>
    /// <param name="sqsLatency">Added before each SQS request is forwarded, to widen the window a test kills in.</param>
    public FaultyEmulatorProxy(Uri upstream, int seed, double s3FailureShare, TimeSpan sqsLatency = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(s3FailureShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s3FailureShare, 1);
        _upstream = upstream;
        _random = new Random(seed);
        Seed = seed;
        S3FailureShare = s3FailureShare;
        SqsLatency = sqsLatency;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accept = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public int Seed { get; }

    public double S3FailureShare { get; }

    public TimeSpan SqsLatency { get; }

    /// <summary>S3 requests seen, failed ones included.</summary>
    public int S3Requests => Volatile.Read(ref _s3Requests);

    /// <summary>S3 requests answered with 503 or 500 by the proxy.</summary>
    public int S3Failures => Volatile.Read(ref _s3Failures);

    /// <summary>SendMessageBatch requests the emulator has answered through the proxy.</summary>
    public int SqsSends => Volatile.Read(ref _sqsSends);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"S3 proxy (seed {Seed}, failure share {S3FailureShare:0.##}): {S3Failures} of {S3Requests} S3 requests failed, {SqsSends} SendMessageBatch answered");

    /// <summary>Completes once the emulator has answered <paramref name="count"/> SendMessageBatch requests in all.</summary>
    public Task WaitForSqsSendsAsync(int count)
    {
        lock (_lock)
        {
            if (_sqsSends >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception)
        {
            // Stopping the listener ends the accept loop with an exception.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                (byte[]? head, byte[] rest) = await ReadHeadAsync(stream);
                if (head is null)
                {
                    return;
                }

                var request = RequestHead.Parse(head);
                if (request.Target is { } target && target.StartsWith("AmazonSQS.", StringComparison.Ordinal))
                {
                    if (SqsLatency > TimeSpan.Zero)
                    {
                        await Task.Delay(SqsLatency, _stop.Token);
                    }

                    await ForwardAsync(stream, request, rest);
                    if (target == "AmazonSQS.SendMessageBatch")
                    {
                        CountSqsSend();
                    }

                    return;
                }

                Interlocked.Increment(ref _s3Requests);
                int failure = Decide();
                if (failure == 0)
                {
                    await ForwardAsync(stream, request, rest);
                    return;
                }

                Interlocked.Increment(ref _s3Failures);
                await DrainBodyAsync(stream, request, rest.Length);
                await FailAsync(stream, request, failure);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // The proxy is shutting down.
            }
            catch (IOException)
            {
                // The client or the emulator closed the connection (a killed worker does): nothing to answer.
            }
            catch (SocketException)
            {
                // As above.
            }
        }
    }

    /// <summary>0 to forward, else the status to answer with.</summary>
    private int Decide()
    {
        lock (_lock)
        {
            // Two draws, always, so the share does not shift which status a failing request gets.
            bool fails = _random.NextDouble() < S3FailureShare;
            int status = _random.Next(2) == 0 ? 503 : 500;
            return fails ? status : 0;
        }
    }

    private void CountSqsSend()
    {
        lock (_lock)
        {
            _sqsSends++;
            foreach ((int count, TaskCompletionSource reached) in _waiters.Where(w => w.Count <= _sqsSends).ToList())
            {
                reached.TrySetResult();
                _waiters.Remove((count, reached));
            }
        }
    }

    private async Task ForwardAsync(NetworkStream client, RequestHead request, byte[] rest)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
        NetworkStream server = upstream.GetStream();
        await server.WriteAsync(request.WithConnectionClose(), _stop.Token);
        await server.WriteAsync(rest, _stop.Token);

        // The rest of the request body (and nothing else: the client waits for this answer) goes up while the answer
        // comes down; the emulator closes the connection after its answer, which ends the exchange.
        Task up = client.CopyToAsync(server, _stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        await server.CopyToAsync(client, _stop.Token);
        client.Socket.Shutdown(SocketShutdown.Send);
        upstream.Close();
        await Task.WhenAny(up, Task.Delay(TimeSpan.FromSeconds(1)));
    }

    private static async Task DrainBodyAsync(NetworkStream client, RequestHead request, int alreadyRead)
    {
        // Unread body bytes would make the close a reset, which the client sees instead of the answer. A client that
        // sent Expect: 100-continue sends no body before an answer, so the wait is bounded.
        long left = request.ContentLength - alreadyRead;
        byte[] buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            while (left > 0)
            {
                int read = await client.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), timeout.Token);
                if (read == 0)
                {
                    return;
                }

                left -= read;
            }
        }
        catch (OperationCanceledException)
        {
            // Expect: 100-continue, or a slow client: answer anyway.
        }
    }

    private static async Task FailAsync(NetworkStream client, RequestHead request, int status)
    {
        (string code, string reason, string message) = status == 503
            ? ("SlowDown", "Slow Down", "Please reduce your request rate.")
            : ("InternalError", "Internal Server Error", "We encountered an internal error. Please try again.");
        string requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        byte[] body = request.Method == "HEAD" ? [] : Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>{requestId}</RequestId></Error>");
        string head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nx-amz-request-id: {requestId}\r\nConnection: close\r\n\r\n");
        await client.WriteAsync(Encoding.ASCII.GetBytes(head));
        await client.WriteAsync(body);
        client.Socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Reads up to the blank line that ends the head; returns the head and the body bytes read with it.</summary>
    private static async Task<(byte[]? Head, byte[] BodyStart)> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                return (null, []);
            }

            buffer.Write(chunk, 0, read);
            int end = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf(s_headEnd);
            if (end >= 0)
            {
                byte[] all = buffer.ToArray();
                return (all[..(end + s_headEnd.Length)], all[(end + s_headEnd.Length)..]);
            }

            if (buffer.Length > 1024 * 1024)
            {
                throw new IOException("request head over 1 MiB");
            }
        }
    }

    private sealed class RequestHead
    {
        private readonly string[] _lines;

        private RequestHead(string[] lines, string method, string? target, long contentLength)
        {
            _lines = lines;
            Method = method;
            Target = target;
            ContentLength = contentLength;
        }

        public string Method { get; }

        /// <summary>The <c>X-Amz-Target</c> header: set for SQS's JSON protocol, absent for S3.</summary>
        public string? Target { get; }

        public long ContentLength { get; }

        public static RequestHead Parse(byte[] head)
        {
            string[] lines = Encoding.Latin1.GetString(head).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            string? target = Header(lines, "X-Amz-Target");
            long length = long.TryParse(Header(lines, "Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) ? parsed : 0;
            return new RequestHead(lines, lines[0].Split(' ')[0], target, length);
        }

        /// <summary>The head with <c>Connection: close</c>, so the emulator ends the connection after its answer.</summary>
        public byte[] WithConnectionClose()
        {
            var text = new StringBuilder();
            foreach (string line in _lines.Where(l => !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
            {
                text.Append(line).Append("\r\n");
            }

            text.Append("Connection: close\r\n\r\n");
            return Encoding.Latin1.GetBytes(text.ToString());
        }

        private static string? Header(string[] lines, string name)
        {
            string prefix = name + ":";
            string? line = lines.Skip(1).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            return line?[prefix.Length..].Trim();
        }
    }
}
