using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>statemachine/hybrid-batch.asl.json: valid ASL, wired to the template's functions, retried and caught as the contract says.</summary>
[Collection(NodeToolsCollection.Name)]
public sealed partial class StateMachineDefinitionTests
{
    private static readonly string[] s_lambdaTransient =
        ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];

    private readonly NodeTools _tools;

    public StateMachineDefinitionTests(NodeTools tools)
    {
        _tools = tools;
    }

    [Fact]
    public async Task Asl_validator_accepts_the_definition()
    {
        ProcessResult result = await ValidateAsync(Repository.Definition);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Asl_validator_rejects_a_transition_to_a_missing_state()
    {
        JsonObject definition = LoadDefinition();
        definition["States"]!["Did the file pass validation?"]!["Default"] = "No such state";
        string path = Path.Combine(Path.GetTempPath(), $"hybrid-batch-broken-{Guid.NewGuid():N}.asl.json");
        await File.WriteAllTextAsync(path, definition.ToJsonString());
        try
        {
            ProcessResult result = await ValidateAsync(path);

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_substitution_in_the_definition_is_given_by_the_template_and_back()
    {
        var used = Placeholder().Matches(File.ReadAllText(Repository.Definition)).Select(m => m.Groups[1].Value).ToHashSet();
        var given = TemplateFile.Properties("StateMachine")["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.NotEmpty(used);
        Assert.Equal(used.Order(), given.Order());
    }

    [Fact]
    public void Every_task_calls_a_function_of_the_template_through_a_substitution()
    {
        JsonObject substitutions = TemplateFile.Properties("StateMachine")["DefinitionSubstitutions"]!.AsObject();
        foreach ((string name, JsonObject state) in AllStates(LoadDefinition()).Where(s => Intrinsics.Text(s.State["Type"]) == "Task"))
        {
            string resource = Intrinsics.Text(state["Resource"])!;
            Match placeholder = Placeholder().Match(resource);
            Assert.True(placeholder.Success && placeholder.Value == resource, $"{name}: Resource {resource} is not one ${{...}} substitution");
            JsonNode? value = substitutions[placeholder.Groups[1].Value];
            string function = Intrinsics.Text(value?["Fn::GetAtt"]?[0]) ?? string.Empty;
            Assert.True(Intrinsics.Text(TemplateFile.Resource(function)["Type"]) == "AWS::Serverless::Function", $"{name}: {resource} is not a function's ARN");
            Assert.Equal("Arn", Intrinsics.Text(value!["Fn::GetAtt"]![1]));
        }
    }

    [Fact]
    public void Every_task_retries_lambda_and_transient_errors_with_full_jitter_and_catches_everything_else()
    {
        List<(string Name, JsonObject State)> tasks = AllStates(LoadDefinition()).Where(s => Intrinsics.Text(s.State["Type"]) == "Task").ToList();
        Assert.Equal(8, tasks.Count); // split, validation submit and poll, route, process, chunk submit and poll, aggregate
        foreach ((string name, JsonObject task) in tasks)
        {
            var retriers = task["Retry"]!.AsArray().Select(r => r!.AsObject()).ToList();
            var retried = retriers.SelectMany(r => r["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>())).ToList();
            Assert.All(s_lambdaTransient.Append("HybridBatch.Transient").Append("HybridBatch.Timeout"), e => Assert.Contains(e, retried));
            Assert.DoesNotContain("States.ALL", retried);
            Assert.DoesNotContain("HybridBatch.ValidationFailed", retried);
            Assert.DoesNotContain("HybridBatch.ChunkFailed", retried);
            foreach (JsonObject retrier in retriers)
            {
                Assert.Equal("FULL", Intrinsics.Text(retrier["JitterStrategy"]));
                Assert.True(retrier["BackoffRate"]!.GetValue<double>() > 1, $"{name}: no backoff");
                Assert.True(retrier["MaxDelaySeconds"]!.GetValue<int>() > 0, $"{name}: no MaxDelaySeconds");
            }

            var catchers = task["Catch"]!.AsArray().Select(c => c!.AsObject()).ToList();
            Assert.Contains(catchers, c => c["ErrorEquals"]!.AsArray().Any(e => e!.GetValue<string>() == "States.ALL"));
        }
    }

    [Fact]
    public void Every_catch_and_every_choice_default_leads_to_a_state_that_cannot_report_success_for_a_failure()
    {
        JsonObject definition = LoadDefinition();
        foreach ((JsonObject states, string name, JsonObject state) in AllStatesWithScope(definition))
        {
            foreach (JsonObject catcher in state["Catch"]?.AsArray().Select(c => c!.AsObject()) ?? [])
            {
                string next = Intrinsics.Text(catcher["Next"])!;
                string nextType = Intrinsics.Text(states[next]!["Type"])!;
                bool toReport = next.Contains("report", StringComparison.OrdinalIgnoreCase);
                Assert.True(nextType == "Fail" || toReport, $"{name} catches into {next} ({nextType})");
            }
        }

        // The run ends in Succeed only through the last choice, which also requires that the map did not fail.
        JsonObject last = definition["States"]!["Did every chunk succeed?"]!.AsObject();
        string rule = last["Choices"]!.ToJsonString();
        Assert.Contains("\"succeeded\"", rule, StringComparison.Ordinal);
        Assert.Contains("$.mapError", rule, StringComparison.Ordinal);
        Assert.Equal("Fail", Intrinsics.Text(definition["States"]![Intrinsics.Text(last["Default"])!]!["Type"]));
    }

    [Fact]
    public void The_map_reads_the_plan_from_s3_and_writes_its_results_under_the_run()
    {
        JsonObject map = LoadDefinition()["States"]!["Process every chunk"]!.AsObject();

        Assert.Equal("arn:${Partition}:states:::s3:getObject", Intrinsics.Text(map["ItemReader"]!["Resource"]));
        Assert.Equal("JSON", Intrinsics.Text(map["ItemReader"]!["ReaderConfig"]!["InputType"]));
        Assert.Equal("$.split.chunkItemsKey", Intrinsics.Text(map["ItemReader"]!["Parameters"]!["Key.$"]));
        Assert.Equal("$.split.workBucket", Intrinsics.Text(map["ItemReader"]!["Parameters"]!["Bucket.$"]));
        Assert.Equal("$.split.maxConcurrency", Intrinsics.Text(map["MaxConcurrencyPath"]));
        Assert.Equal("$.split.toleratedFailurePercentage", Intrinsics.Text(map["ToleratedFailurePercentagePath"]));
        Assert.Equal("DISTRIBUTED", Intrinsics.Text(map["ItemProcessor"]!["ProcessorConfig"]!["Mode"]));
        Assert.Equal("STANDARD", Intrinsics.Text(map["ItemProcessor"]!["ProcessorConfig"]!["ExecutionType"]));
        Assert.Equal("arn:${Partition}:states:::s3:putObject", Intrinsics.Text(map["ResultWriter"]!["Resource"]));
        Assert.Equal(
            ["bucket.$", "chunk.$", "key.$", "runId.$", "workBucket.$"],
            map["ItemSelector"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void Task_results_land_where_the_contract_says()
    {
        var expected = new Dictionary<string, string>
        {
            ["split"] = "$.split", ["submit-batch-job"] = "$.job", ["poll-batch-job"] = "$.poll",
            ["route"] = "$.route", ["process-chunk"] = "$.result", ["aggregate"] = "$.report",
        };
        foreach ((string name, JsonObject task) in AllStates(LoadDefinition()).Where(s => Intrinsics.Text(s.State["Type"]) == "Task"))
        {
            string handler = HandlerOf(Intrinsics.Text(task["Resource"])!);
            Assert.True(Intrinsics.Text(task["ResultPath"]) == expected[handler], $"{name} ({handler}) writes to {task["ResultPath"]}");
        }
    }

    [Fact]
    public void Every_function_handler_is_in_the_contract_and_the_contract_lists_six()
    {
        IReadOnlyList<string> contract = Contract.HandlerNames();
        var handlers = TemplateFile.OfType("AWS::Serverless::Function")
            .ToDictionary(f => f.Name, f => Intrinsics.Text(f.Resource["Properties"]!["Handler"])!);

        Assert.Equal(["aggregate", "poll-batch-job", "process-chunk", "route", "split", "submit-batch-job"], contract.Order());
        Assert.Equal(contract.Order(), handlers.Values.Order());
        // The state machine's substitution XFunctionArn names the function whose handler is x (test/fixtures/stepfunctions/run.mjs relies on it).
        foreach ((string variable, JsonNode? value) in TemplateFile.Properties("StateMachine")["DefinitionSubstitutions"]!.AsObject()
            .Where(p => p.Key.EndsWith("FunctionArn", StringComparison.Ordinal)))
        {
            Assert.Equal(HandlerOf($"${{{variable}}}"), handlers[Intrinsics.Text(value!["Fn::GetAtt"]![0])!]);
        }
    }

    [Fact]
    public void Bootstrap_has_exactly_the_handlers_of_the_contract()
    {
        Assert.Equal(Contract.HandlerNames().Order(), Functions.Hosting.HandlerFactory.Names.Order());
    }

    internal static JsonObject LoadDefinition() => JsonNode.Parse(File.ReadAllText(Repository.Definition))!.AsObject();

    internal static IEnumerable<(string Name, JsonObject State)> AllStates(JsonObject machine) =>
        AllStatesWithScope(machine).Select(s => (s.Name, s.State));

    // ${SplitFunctionArn} -> split, ${ProcessChunkFunctionArn} -> process-chunk
    private static string HandlerOf(string resource)
    {
        string stem = Placeholder().Match(resource).Groups[1].Value.Replace("FunctionArn", string.Empty, StringComparison.Ordinal);
        return Regex.Replace(stem, "([a-z0-9])([A-Z])", "$1-$2").ToLowerInvariant();
    }

    private static IEnumerable<(JsonObject States, string Name, JsonObject State)> AllStatesWithScope(JsonObject machine)
    {
        JsonObject states = machine["States"]!.AsObject();
        foreach ((string name, JsonNode? node) in states)
        {
            JsonObject state = node!.AsObject();
            yield return (states, name, state);
            if (state["ItemProcessor"] is JsonObject processor)
            {
                foreach ((JsonObject, string, JsonObject) inner in AllStatesWithScope(processor))
                {
                    yield return inner;
                }
            }
        }
    }

    private Task<ProcessResult> ValidateAsync(string path) =>
        _tools.RunAsync("node", ["node_modules/asl-validator/dist/bin/asl-validator.js", "--json-path", path], TimeSpan.FromMinutes(1));

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}
