using HybridBatch.Core.Failures;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// Runs one invocation of a handler, the same way in <c>bootstrap</c> and in <c>hybridbatch invoke</c>: under a
/// token that fires <see cref="RuntimeOptions.DeadlineMargin"/> before the deadline; a handler that ignores its
/// token is abandoned half-way through the margin, so the timeout is still reported before Lambda stops the
/// process. Every exception becomes a typed error (never a success); a response over Lambda's limit is an error.
/// </summary>
internal sealed class InvocationRunner
{
    private static readonly TimeSpan s_longest = TimeSpan.FromDays(1);
    private readonly IFunctionHandler _handler;
    private readonly RuntimeOptions _options;
    private readonly JsonLogger _log;
    private readonly TimeProvider _time;

    public InvocationRunner(IFunctionHandler handler, RuntimeOptions options, JsonLogger log, TimeProvider time)
    {
        _handler = handler;
        _options = options;
        _log = log;
        _time = time;
    }

    /// <param name="input">The event's JSON.</param>
    /// <param name="context">The invocation, with its deadline.</param>
    /// <param name="abort">Cancels the handler early as well (Ctrl+C in <c>hybridbatch invoke</c>); reported as a timeout.</param>
    public async Task<InvocationOutcome> RunAsync(byte[] input, InvocationContext context, CancellationToken abort = default)
    {
        TimeSpan budget = Clamp(context.Deadline - _time.GetUtcNow() - _options.DeadlineMargin);
        using var timeout = new CancellationTokenSource(budget, _time);
        using CancellationTokenRegistration aborting = abort.Register(timeout.Cancel);
        // Taken now: the handler may start after this method has returned and disposed the source (a handler
        // abandoned before the thread pool ran it), and reading Token from a disposed source throws.
        CancellationToken token = timeout.Token;
        Task<byte[]> work = Task.Run(() => _handler.HandleAsync(input, context, token));
        try
        {
            byte[] response = await work.WaitAsync(budget + (_options.DeadlineMargin / 2), _time).ConfigureAwait(false);
            return response.Length > RuntimeOptions.MaxResponseBytes
                ? InvocationOutcome.Failed(Fail(ErrorTypes.ResponseTooLarge,
                    $"the response has {response.Length} bytes; Lambda accepts at most {RuntimeOptions.MaxResponseBytes} and it is never truncated", null),
                    FailureClass.Unexpected)
                : InvocationOutcome.Succeeded(response);
        }
        catch (Exception exception) when (timeout.IsCancellationRequested || !work.IsCompleted)
        {
            return InvocationOutcome.Failed(Fail(ErrorTypes.Timeout,
                $"cancelled {_options.DeadlineMargin.TotalMilliseconds:0} ms before the invocation's deadline ({exception.GetType().Name}: {exception.Message})", exception),
                FailureClass.Interrupted);
        }
        catch (Exception exception)
        {
            FailureClass failureClass = FailureTaxonomy.Classify(exception);
            return InvocationOutcome.Failed(Fail(ErrorClassifier.ErrorType(failureClass, exception), exception.Message, exception), failureClass);
        }
    }

    private RuntimeError Fail(string errorType, string message, Exception? exception)
    {
        _log.Error(exception, "Invocation failed with {ErrorType}: {ErrorMessage}", errorType, message);
        return exception is null
            ? new RuntimeError { ErrorType = errorType, ErrorMessage = message }
            : RuntimeError.From(errorType, exception) with { ErrorMessage = message };
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value > s_longest ? s_longest : value;
}
