using System.Net;
using System.Net.Sockets;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>
/// An HTTP listener on 127.0.0.1 at a free port that hands every request to a handler on its own task: what the
/// fake AWS endpoints share. Disposing stops it and waits for the accept loop.
/// </summary>
internal sealed class LocalHttpListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly Task _loop;

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
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => _handle(context));
        }
    }
}
