using HybridBatch.Functions.Hosting;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Bootstrap;

/// <summary>
/// <c>bootstrap</c>: the custom runtime for <c>provided.al2023</c>. Builds the handler named by <c>_HANDLER</c>,
/// reports a start-up failure to <c>/runtime/init/error</c> and exits non-zero, else serves invocations until
/// Lambda stops the process (or the Runtime API fails, when it exits non-zero for Lambda to start afresh).
/// </summary>
internal static class Program
{
    public static async Task<int> Main()
    {
        string? api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(api))
        {
            await Console.Error.WriteLineAsync("bootstrap: AWS_LAMBDA_RUNTIME_API is not set; this program runs as a Lambda custom runtime (try 'hybridbatch invoke HANDLER < event.json')").ConfigureAwait(false);
            return 2;
        }

        var settings = new FunctionSettings(Environment.GetEnvironmentVariable);
        var output = new LineOutput(Console.OpenStandardOutput());
        JsonLogger log = FunctionHost.CreateLog(settings, output);
        using var client = new RuntimeApiClient(api);
        FunctionHost host;
        try
        {
            host = FunctionHost.Create(settings, output, log);
        }
        catch (Exception failure)
        {
            string errorType = ErrorClassifier.Classify(failure);
            log.Error(failure, "Start-up failed with {ErrorType}: {ErrorMessage}", errorType, failure.Message);
            await client.ReportInitErrorAsync(RuntimeError.From(errorType, failure), CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        using (host)
        {
            try
            {
                await new InvocationLoop(client, host.Runner, log, host.Metrics).RunAsync(CancellationToken.None).ConfigureAwait(false);
                return 0;
            }
            catch (Exception broken) when (broken is RuntimeApiException or HttpRequestException or InvalidOperationException)
            {
                log.Error(broken, "The Runtime API failed, exiting: {ErrorMessage}", broken.Message);
                return 1;
            }
        }
    }
}
