using HybridBatch.Core.Settings;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// One function as a process holds it, built from its settings: telemetry, the handler named by <c>_HANDLER</c>,
/// and the runner that invokes it. <c>bootstrap</c> and <c>hybridbatch invoke</c> both build it this way.
/// </summary>
internal sealed class FunctionHost : IDisposable
{
    private readonly HttpClient _http;

    private FunctionHost(string handlerName, JsonLogger log, MetricsLogger metrics, IFunctionHandler handler, InvocationRunner runner, HttpClient http)
    {
        HandlerName = handlerName;
        Log = log;
        Metrics = metrics;
        Handler = handler;
        Runner = runner;
        _http = http;
    }

    public string HandlerName { get; }

    public JsonLogger Log { get; }

    public MetricsLogger Metrics { get; }

    public IFunctionHandler Handler { get; }

    public InvocationRunner Runner { get; }

    /// <summary>The logger, before anything that can fail: start-up failures are logged with it too.</summary>
    public static JsonLogger CreateLog(FunctionSettings settings, LineOutput output) =>
        new(output, ServiceName(settings), settings.Text(Core.Settings.SettingNames.LambdaFunctionName) ?? settings.Text(FunctionSettings.Handler) ?? "bootstrap");

    /// <summary>Builds the rest; a bad setting throws <see cref="ConfigurationException"/> naming it.</summary>
    public static FunctionHost Create(FunctionSettings settings, LineOutput output, JsonLogger log)
    {
        string handlerName = settings.Required(FunctionSettings.Handler);
        // Read here, not in Runtime/: the Runtime API client knows nothing of the functions' settings (no Runtime -> Hosting cycle).
        var options = new RuntimeOptions { DeadlineMargin = TimeSpan.FromMilliseconds(settings.Long(Core.Settings.SettingNames.DeadlineMarginMs, (long)new RuntimeOptions().DeadlineMargin.TotalMilliseconds, 100, 60_000)) };
        MetricsLogger metrics;
        try
        {
            metrics = new MetricsLogger(output, log, settings.Text(FunctionSettings.MetricsNamespace) ?? MetricsLogger.DefaultNamespace, ServiceName(settings), handlerName);
        }
        catch (ArgumentException invalid)
        {
            throw ConfigurationException.Explained(FunctionSettings.MetricsNamespace, invalid.Message);
        }

        var http = new HttpClient();
        try
        {
            IFunctionHandler handler = HandlerFactory.Create(handlerName, settings, log, metrics, http);
            return new FunctionHost(handlerName, log, metrics, handler, new InvocationRunner(handler, options, log, TimeProvider.System), http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        (Handler as IDisposable)?.Dispose();
        _http.Dispose();
    }

    private static string ServiceName(FunctionSettings settings) => JsonLogger.ServiceFrom(settings.Text);
}
