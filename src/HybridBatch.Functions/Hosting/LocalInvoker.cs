using HybridBatch.Core.Failures;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// One invocation of one handler in this process, built from the settings exactly as <c>bootstrap</c> builds it,
/// without a Runtime API: what <c>hybridbatch invoke HANDLER &lt; event.json</c> runs for quick checks.
/// </summary>
public static class LocalInvoker
{
    /// <summary>The handler names <c>_HANDLER</c> accepts.</summary>
    public static IReadOnlyList<string> HandlerNames => HandlerFactory.Names;

    /// <param name="handler">The handler's name (overrides <c>_HANDLER</c>).</param>
    /// <param name="input">The event's JSON.</param>
    /// <param name="environment">The function's settings.</param>
    /// <param name="logOutput">Where the JSON log and metric lines go (one per line).</param>
    /// <param name="timeout">The invocation's time limit, as a function's timeout.</param>
    /// <param name="cancellationToken">Stops the handler early (reported as a timeout).</param>
    public static async Task<LocalInvocationResult> InvokeAsync(string handler, byte[] input, Func<string, string?> environment, TextWriter logOutput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var settings = new FunctionSettings(name => name == FunctionSettings.Handler ? handler : environment(name));
        var output = new LineOutput(logOutput);
        JsonLogger log = FunctionHost.CreateLog(settings, output);
        FunctionHost host;
        try
        {
            host = FunctionHost.Create(settings, output, log);
        }
        catch (Exception failure)
        {
            FailureClass failureClass = FailureTaxonomy.Classify(failure);
            string errorType = ErrorClassifier.ErrorType(failureClass, failure);
            log.Error(failure, "Start-up failed with {ErrorType}: {ErrorMessage}", errorType, failure.Message);
            return new LocalInvocationResult(null, errorType, failure.Message, failureClass);
        }

        using (host)
        {
            string requestId = $"local-{Guid.NewGuid():N}";
            log.BeginInvocation(requestId, traceId: null, coldStart: true);
            var context = new InvocationContext
            {
                RequestId = requestId,
                FunctionArn = $"arn:aws:lambda:local:000000000000:function:{handler}",
                Deadline = DateTimeOffset.UtcNow + timeout,
                ColdStart = true,
            };
            InvocationOutcome outcome = await host.Runner.RunAsync(input, context, cancellationToken).ConfigureAwait(false);
            return new LocalInvocationResult(outcome.Response, outcome.Error?.ErrorType, outcome.Error?.ErrorMessage, outcome.FailureClass);
        }
    }
}
