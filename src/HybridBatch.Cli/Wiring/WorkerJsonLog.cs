using HybridBatch.Core.Logging;
using HybridBatch.Functions.Telemetry;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Wiring;

/// <summary>
/// The Batch worker's log (<c>process</c>, <c>validate</c>): the Lambda functions' <see cref="JsonLogger"/>, with the
/// same keys (<see cref="LogKeys"/>), written to standard error, which the Batch job's log driver sends to CloudWatch
/// Logs beside its standard output. Standard output keeps the command's result; a local <c>run</c> relays only a
/// worker's error line, so what people see on the console is unchanged.
/// </summary>
internal static class WorkerJsonLog
{
    /// <summary>The log, correlated with the Batch job (<c>AWS_BATCH_JOB_ID</c>) when there is one.</summary>
    public static JsonLogger Create(CliConsole console, Func<string, string?> environment)
    {
        // Outside Lambda there is no function name, request id or cold start: those keys are left out, not faked.
        var log = new JsonLogger(new LineOutput(console.Log), JsonLogger.ServiceFrom(environment), functionName: null);
        if (new SettingsReader(environment).Text(SettingNames.BatchJobId) is { } jobId)
        {
            log.Correlate(LogKeys.BatchJobId, jobId);
        }

        return log;
    }
}
