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

        // HttpListener cannot bind port 0: take a free port from the OS, then bind it.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
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
