using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>What run.mjs prints for one execution: status, error, the states entered and every task invocation.</summary>
internal sealed class ExecutionReport
{
    private readonly JsonObject _report;

    public ExecutionReport(JsonObject report)
    {
        _report = report;
    }

    public string Status => _report["status"]!.GetValue<string>();

    public string? Error => _report["error"]?.GetValue<string>();

    public string Cause => _report["cause"]?.GetValue<string>() ?? string.Empty;

    public string? FailedState => _report["failedState"]?.GetValue<string>();

    public JsonObject? Output => _report["output"] as JsonObject;

    public IReadOnlyList<string> States => _report["states"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();

    public IReadOnlyList<(string Handler, JsonObject Input, string? Error)> Invocations =>
        _report["invocations"]!.AsArray()
            .Select(i => (i!["handler"]!.GetValue<string>(), i["input"]!.AsObject(), i["error"]?.GetValue<string>()))
            .ToList();

    public IReadOnlyList<string> Handlers => Invocations.Select(i => i.Handler).ToList();

    public IReadOnlyList<JsonObject> Input(string handler) => Invocations.Where(i => i.Handler == handler).Select(i => i.Input).ToList();

    public override string ToString() => _report.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
