using System.Diagnostics;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// The custom runtime's loop: take the next invocation, set <c>_X_AMZN_TRACE_ID</c>, run the handler through the
/// <see cref="InvocationRunner"/>, post the answer or the typed error, and go on with the next one. No failure of
/// one invocation ends the loop; only the Runtime API itself failing does (the process then exits and Lambda
/// starts a new environment).
/// </summary>
internal sealed class InvocationLoop
{
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    private readonly RuntimeApiClient _client;
    private readonly InvocationRunner _runner;
    private readonly JsonLogger _log;
    private readonly MetricsLogger _metrics;
    private readonly Action<string?> _setTraceId;
    private bool _coldStart = true;

    /// <param name="client">The Runtime API.</param>
    /// <param name="runner">Runs the handler.</param>
    /// <param name="log">Structured logs.</param>
    /// <param name="metrics">Where the ColdStart metric goes.</param>
    /// <param name="setTraceId">Sets <c>_X_AMZN_TRACE_ID</c> (null: remove it); the process environment by default.</param>
    public InvocationLoop(RuntimeApiClient client, InvocationRunner runner, JsonLogger log, MetricsLogger metrics, Action<string?>? setTraceId = null)
    {
        _client = client;
        _runner = runner;
        _log = log;
        _metrics = metrics;
        _setTraceId = setTraceId ?? (value => Environment.SetEnvironmentVariable(TraceIdVariable, value));
    }

    /// <summary>Runs until <paramref name="stop"/> fires or the Runtime API fails (<see cref="RuntimeApiException"/>, <see cref="HttpRequestException"/>).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Invocation invocation = await _client.NextAsync(stop).ConfigureAwait(false);
            long started = Stopwatch.GetTimestamp();

            // The AWS SDK and X-Ray read the trace header from here; an invocation without one must not inherit the last.
            _setTraceId(invocation.TraceId);
            _log.BeginInvocation(invocation.RequestId, invocation.TraceId, _coldStart);
            var context = new InvocationContext
            {
                RequestId = invocation.RequestId,
                FunctionArn = invocation.FunctionArn,
                Deadline = invocation.Deadline,
                TraceId = invocation.TraceId,
                ColdStart = _coldStart,
            };
            if (_coldStart)
            {
                _metrics.Emit(new Metric(MetricNames.ColdStart, MetricUnit.Count, 1));
                _coldStart = false;
            }

            InvocationOutcome outcome = await _runner.RunAsync(invocation.Event, context).ConfigureAwait(false);
            await PostAsync(invocation.RequestId, outcome, stop).ConfigureAwait(false);
            _log.Info("Invocation {RequestId} finished in {DurationMs} ms with {Outcome}", invocation.RequestId,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), outcome.Error?.ErrorType ?? "a response");
        }
    }

    private async Task PostAsync(string requestId, InvocationOutcome outcome, CancellationToken stop)
    {
        RuntimeError? error = outcome.Error;
        if (error is null)
        {
            try
            {
                await _client.RespondAsync(requestId, outcome.Response!, stop).ConfigureAwait(false);
                return;
            }
            catch (RuntimeApiException refused) when (!refused.IsFatal)
            {
                // Lambda refused this answer (413: larger than it takes, even under our limit): report that instead.
                _log.Error(refused, "The Runtime API refused the response to {RequestId}", requestId);
                error = new RuntimeError
                {
                    ErrorType = refused.StatusCode == System.Net.HttpStatusCode.RequestEntityTooLarge ? ErrorTypes.ResponseTooLarge : ErrorTypes.Transient,
                    ErrorMessage = refused.Message,
                };
            }
        }

        try
        {
            await _client.ReportErrorAsync(requestId, error, stop).ConfigureAwait(false);
        }
        catch (RuntimeApiException refused) when (!refused.IsFatal)
        {
            // The invocation is lost either way; Lambda reports it as failed to the caller.
            _log.Error(refused, "The Runtime API refused the error report for {RequestId}", requestId);
        }
    }
}
