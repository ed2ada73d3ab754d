using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using HybridBatch.Core.Json;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) at <c>AWS_LAMBDA_RUNTIME_API</c>: next invocation, response,
/// invocation error and initialization error. Errors carry <c>Lambda-Runtime-Function-Error-Type</c> and the
/// <c>{errorMessage, errorType, stackTrace}</c> document. A status other than 2xx throws
/// <see cref="RuntimeApiException"/>.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly HttpClient _http;

    /// <param name="host">host:port from <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    public RuntimeApiClient(string host)
    {
        // Waiting for the next invocation may take as long as the environment is frozen: no client timeout.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = new Uri($"http://{host}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.GetAsync("invocation/next", cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException("GET invocation/next", response.StatusCode, System.Text.Encoding.UTF8.GetString(body));
        }

        string requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("the Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id");
        string? deadline = Header(response, "Lambda-Runtime-Deadline-Ms");
        return new Invocation
        {
            RequestId = requestId,
            Deadline = long.TryParse(deadline, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : throw new InvalidOperationException($"invocation {requestId}: bad Lambda-Runtime-Deadline-Ms '{deadline}'"),
            FunctionArn = Header(response, "Lambda-Runtime-Invoked-Function-Arn") ?? "",
            TraceId = Header(response, "Lambda-Runtime-Trace-Id"),
            ClientContext = Header(response, "Lambda-Runtime-Client-Context"),
            CognitoIdentity = Header(response, "Lambda-Runtime-Cognito-Identity"),
            Event = body,
        };
    }

    public async Task RespondAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = s_json;
        string path = $"invocation/{Uri.EscapeDataString(requestId)}/response";
        using HttpResponseMessage response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync("POST " + path, response, cancellationToken).ConfigureAwait(false);
    }

    public Task ReportErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task ReportInitErrorAsync(RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorAsync("init/error", error, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorAsync(string path, RuntimeError error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(MinimalJsonEncoder.SerializeToUtf8Bytes(error, RuntimeJson.Default.RuntimeError));
        content.Headers.ContentType = s_json;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync("POST " + path, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAcceptedAsync(string call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new RuntimeApiException(call, response.StatusCode, body);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
