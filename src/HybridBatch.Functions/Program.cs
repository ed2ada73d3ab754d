using HybridBatch.Functions.Hosting;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions;

/// <summary>
/// <c>bootstrap</c>: the custom runtime for <c>provided.al2023</c>. Builds the handler named by <c>_HANDLER</c>,
/// reports a start-up failure to <c>/runtime/init/error</c> and exits non-zero, else serves invocations until
/// Lambda stops the process.
/// </summary>
internal static class Program
{
    public static async Task<int> Main()
    {
        string? api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(api))
        {
            await Console.Error.WriteLineAsync("bootstrap: AWS_LAMBDA_RUNTIME_API is not set; this program runs as a Lambda custom runtime").ConfigureAwait(false);
            return 2;
        }

        var settings = new FunctionSettings(Environment.GetEnvironmentVariable);
        var log = new JsonLogger(Console.OpenStandardOutput(), settings.Text("POWERTOOLS_SERVICE_NAME") ?? "hybridbatch",
            settings.Text("AWS_LAMBDA_FUNCTION_NAME") ?? settings.Text(HandlerFactory.HandlerSetting) ?? "bootstrap");
        using var client = new RuntimeApiClient(api);
        using var http = new HttpClient();
        InvocationLoop loop;
        try
        {
            IFunctionHandler handler = HandlerFactory.Create(settings, log, http);
            loop = new InvocationLoop(client, handler, RuntimeOptions.From(settings), log, TimeProvider.System);
        }
        catch (Exception failure)
        {
            string errorType = ErrorClassifier.Classify(failure);
            log.Error(failure, "Start-up failed with {ErrorType}: {ErrorMessage}", errorType, failure.Message);
            await client.ReportInitErrorAsync(RuntimeError.From(errorType, failure), CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        await loop.RunAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
