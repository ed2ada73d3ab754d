using System.Net;
using System.Text;
using Amazon.Runtime;

namespace HybridBatch.Adapters.Tests.Aws;

/// <summary>
/// Passes S3 requests through to the emulator but answers the upload of one part number with a 500, and
/// records the multipart aborts (DELETE ?uploadId=) that follow.
/// </summary>
internal sealed class PartFailingHttpClientFactory(int failingPart) : HttpClientFactory
{
    private readonly FailingHandler _handler = new(failingPart);

    public int Aborts => _handler.Aborts;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class FailingHandler(int failingPart) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _aborts;

        public int Aborts => Volatile.Read(ref _aborts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string query = request.RequestUri?.Query ?? string.Empty;
            bool failingPartUpload = query.Contains($"partNumber={failingPart}&", StringComparison.Ordinal) || query.EndsWith($"partNumber={failingPart}", StringComparison.Ordinal);
            if (request.Method == HttpMethod.Put && failingPartUpload)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    Content = new StringContent("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>injected part failure</Message></Error>",
                        Encoding.UTF8, "application/xml"),
                });
            }

            if (request.Method == HttpMethod.Delete && query.Contains("uploadId=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _aborts);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
