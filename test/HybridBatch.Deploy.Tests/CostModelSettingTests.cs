using HybridBatch.Core.Routing;
using HybridBatch.Functions.Hosting;

namespace HybridBatch.Deploy.Tests;

/// <summary>How the route function finds its cost model: COST_MODEL_FILE, else cost-model.json next to bootstrap, else the defaults.</summary>
public sealed class CostModelSettingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hb-cost-model-").FullName;

    [Fact]
    public void A_cost_model_shipped_next_to_bootstrap_is_read()
    {
        File.WriteAllText(Path.Combine(_folder, CostModelFile.FileName), "{\"validateRecordsPerSecondPerCore\": 1234}");

        CostModelOptions options = Settings([]).CostModel(_folder);

        Assert.Equal(1234, options.ValidateRecordsPerSecondPerCore);
        Assert.Equal(new CostModelOptions().ProcessRecordsPerSecondPerCore, options.ProcessRecordsPerSecondPerCore);
    }

    [Fact]
    public void Without_a_file_the_defaults_apply()
    {
        Assert.Equal(new CostModelOptions(), Settings([]).CostModel(_folder));
    }

    [Fact]
    public void Cost_model_file_names_a_file_that_wins_and_a_wrong_one_fails_naming_the_setting()
    {
        string named = Path.Combine(_folder, "calibrated.json");
        File.WriteAllText(named, "{\"processRecordsPerSecondPerCore\": 99}");
        File.WriteAllText(Path.Combine(_folder, CostModelFile.FileName), "{\"processRecordsPerSecondPerCore\": 1}");
        Assert.Equal(99, Settings(new() { [FunctionSettings.CostModelFileSetting] = named }).CostModel(_folder).ProcessRecordsPerSecondPerCore);

        File.WriteAllText(named, "{\"lambdaRecordsPerSecond\": 25000}");
        var wrong = Assert.ThrowsAny<Exception>(() => Settings(new() { [FunctionSettings.CostModelFileSetting] = named }).CostModel(_folder));
        Assert.StartsWith("COST_MODEL_FILE: ", wrong.Message);
        Assert.Contains("unknown property 'lambdaRecordsPerSecond'", wrong.Message);
        Assert.Contains(named, wrong.Message);

        var missing = Assert.ThrowsAny<Exception>(() => Settings(new() { [FunctionSettings.CostModelFileSetting] = Path.Combine(_folder, "none.json") }).CostModel(_folder));
        Assert.StartsWith("COST_MODEL_FILE: ", missing.Message);
    }

    private static FunctionSettings Settings(Dictionary<string, string> environment) => new(name => environment.GetValueOrDefault(name));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
