using System.Text.RegularExpressions;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>samconfig.toml: a default and a production environment whose overrides name real template parameters.</summary>
public sealed partial class SamConfigTests
{
    [Fact]
    public void There_is_a_default_and_a_production_environment_with_their_own_stacks()
    {
        string config = File.ReadAllText(Repository.File("samconfig.toml"));

        Assert.Contains("[default.deploy.parameters]", config, StringComparison.Ordinal);
        Assert.Contains("[production.deploy.parameters]", config, StringComparison.Ordinal);
        var stacks = StackName().Matches(config).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, stacks.Distinct().Count());
    }

    [Fact]
    public void Every_override_names_a_template_parameter_and_a_valid_value()
    {
        string config = File.ReadAllText(Repository.File("samconfig.toml"));
        var parameters = TemplateFile.Json["Parameters"]!.AsObject();
        var overrides = Override().Matches(config).ToList();

        Assert.Equal(2, overrides.Count);
        foreach (Match line in overrides)
        {
            MatchCollection pairs = Pair().Matches(line.Groups[1].Value);
            Assert.Contains(pairs, p => p.Groups[1].Value == "Prefix");
            foreach (Match pair in pairs)
            {
                string name = pair.Groups[1].Value;
                string value = pair.Groups[2].Value;
                Assert.True(parameters.ContainsKey(name), $"samconfig.toml overrides {name}, which template.yaml does not declare");
                string? pattern = Support.Intrinsics.Text(parameters[name]!["AllowedPattern"]);
                if (pattern is not null)
                {
                    Assert.Matches(pattern, value);
                }

                var allowed = parameters[name]!["AllowedValues"]?.AsArray().Select(v => Support.Intrinsics.Text(v)).ToList();
                if (allowed is not null)
                {
                    Assert.Contains(value, allowed);
                }
            }
        }
    }

    [GeneratedRegex(@"^stack_name = ""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex StackName();

    [GeneratedRegex(@"^parameter_overrides = ""(.*)""$", RegexOptions.Multiline)]
    private static partial Regex Override();

    [GeneratedRegex(@"([A-Za-z0-9]+)=\\""([^\\""]*)\\""")]
    private static partial Regex Pair();
}
