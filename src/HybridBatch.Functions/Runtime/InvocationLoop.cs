using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// The custom runtime's loop: take the next invocation, run the handler under a token that fires
/// <see cref="RuntimeOptions.DeadlineMargin"/> before Lambda's deadline, post the answer or the typed error,
/// and go on with the next one. No failure of one invocation ends the loop.
/// </summary>
internal sealed class InvocationLoop
{
    private static readonly TimeSpan s_longest = TimeSpan.FromDays(1);
    private readonly RuntimeApiClient _client;
    private readonly IFunctionHandler _handler;
    private readonly RuntimeOptions _options;
    private readonly JsonLogger _log;
    private readonly TimeProvider _time;
    private bool _coldStart = true;

    public InvocationLoop(RuntimeApiClient client, IFunctionHandler handler, RuntimeOptions options, JsonLogger log, TimeProvider time)
    {
        _client = client;
        _handler = handler;
        _options = options;
        _log = log;
        _time = time;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Invocation invocation = await _client.NextAsync(stop).ConfigureAwait(false);
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
            _log.BeginInvocation(invocation.RequestId, invocation.TraceId, _coldStart);
            var context = new InvocationContext
            {
                RequestId = invocation.RequestId,
                FunctionArn = invocation.FunctionArn,
                Deadline = invocation.Deadline,
                TraceId = invocation.TraceId,
                ColdStart = _coldStart,
            };
            _coldStart = false;
            (byte[]? response, RuntimeError? error) = await InvokeAsync(invocation, context).ConfigureAwait(false);
            await PostAsync(invocation.RequestId, response, error, stop).ConfigureAwait(false);
        }
    }

    private async Task<(byte[]? Response, RuntimeError? Error)> InvokeAsync(Invocation invocation, InvocationContext context)
    {
        TimeSpan budget = Clamp(invocation.Deadline - _time.GetUtcNow() - _options.DeadlineMargin);
        using var timeout = new CancellationTokenSource(budget, _time);
        Task<byte[]> work = Task.Run(() => _handler.HandleAsync(invocation.Event, context, timeout.Token));
        try
        {

            // A handler that ignores its token is abandoned half-way through the margin, so the timeout is
            // still reported before Lambda stops the process.
            byte[] response = await work.WaitAsync(budget + (_options.DeadlineMargin / 2), _time).ConfigureAwait(false);
            return response.Length > RuntimeOptions.MaxResponseBytes
                ? (null, Fail(ErrorTypes.ResponseTooLarge, $"the response has {response.Length} bytes; Lambda accepts at most {RuntimeOptions.MaxResponseBytes}", null))
                : (response, null);
        }
        catch (Exception exception) when (timeout.IsCancellationRequested || !work.IsCompleted)
        {
            return (null, Fail(ErrorTypes.Timeout, $"cancelled {_options.DeadlineMargin.TotalMilliseconds:0} ms before the invocation's deadline", exception));
        }
        catch (Exception exception)
        {
            return (null, Fail(ErrorClassifier.Classify(exception), exception.Message, exception));
        }
    }

    private RuntimeError Fail(string errorType, string message, Exception? exception)
    {
        _log.Error(exception, "Invocation failed with {ErrorType}: {ErrorMessage}", errorType, message);
        return exception is null
            ? new RuntimeError { ErrorType = errorType, ErrorMessage = message }
            : RuntimeError.From(errorType, exception) with { ErrorMessage = message };
    }

    private async Task PostAsync(string requestId, byte[]? response, RuntimeError? error, CancellationToken stop)
    {
        try
        {
            if (error is null)
            {
                await _client.RespondAsync(requestId, response!, stop).ConfigureAwait(false);
            }
            else
            {
                await _client.ReportErrorAsync(requestId, error, stop).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException exception)
        {
            // The Runtime API refused the answer (e.g. too large for it); the invocation is lost either way.
            _log.Error(exception, "The Runtime API refused the answer to {RequestId}", requestId);
        }
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value > s_longest ? s_longest : value;
}
