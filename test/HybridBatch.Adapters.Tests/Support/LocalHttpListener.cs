using System.Net;
using System.Net.Sockets;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>
/// An HTTP listener on 127.0.0.1 at a free port that hands every request to a handler on its own task: what the
/// fake AWS endpoints share. Disposing stops it and waits for the accept loop.
/// </summary>
/// <remarks>
/// The accept loop ends on its own token, not on the listener's answer: .NET's managed HttpListener can lose a
/// GetContextAsync that is being registered while Close runs (Close completes the waits it finds; one added just after
/// is never completed), and a loop awaiting it hung a test run's dispose, so the whole CI run (seen 2026-12-06).
/// </remarks>
internal sealed class LocalHttpListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public LocalHttpListener(Func<HttpListenerContext, Task> handle)
    {
        _handle = handle;

        // HttpListener cannot bind port 0: take a free port from the OS, then bind it; another test may take the same
        // port in between, so try a few.
        for (int attempt = 0; ; attempt++)
        {
            Url = new Uri($"http://127.0.0.1:{FreePort()}/");
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(Url.ToString());
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        // Close alone: on Linux, Stop followed by Close removes the listener twice, and the second removal binds the
        // port again, failing with "address already in use" when another test has taken it meanwhile.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopping the listener ends the accept loop with an exception.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => _handle(context));
        }
    }
}
