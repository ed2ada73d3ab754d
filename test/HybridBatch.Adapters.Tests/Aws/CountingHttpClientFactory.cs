using Amazon.Runtime;

namespace HybridBatch.Adapters.Tests.Aws;

/// <summary>
/// Hands the AWS SDK an HttpClient that counts requests by method and the most in flight at once, so a test
/// can see what actually went over the wire.
/// </summary>
internal sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly CountingHandler _handler = new();

    public int MaxConcurrentGets => _handler.MaxConcurrentGets;

    public int Gets => _handler.Gets;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _inFlight;
        private int _max;
        private int _gets;

        public CountingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public int MaxConcurrentGets => Volatile.Read(ref _max);

        public int Gets => Volatile.Read(ref _gets);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref _gets);
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
                // Count the body as in flight too: the stream holds it until the part is read.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
