using System.CommandLine;
using HybridBatch.Cli.CommandLine;

namespace HybridBatch.Cli.Tests.CommandLine;

/// <summary>Help comes from the declarations: every command, every option each command reads, the exit codes.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> CommandNames => [.. CliCommands.Handlers.Keys.Select(c => c.Name)];

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task The_overview_lists_every_command_and_every_exit_code(string asked)
    {
        (int exitCode, string output, string log) = await CliRunner.RunAsync(asked);

        Assert.Equal(0, exitCode);
        Assert.Empty(log);
        foreach (Command command in CliCommands.Root.Subcommands)
        {
            Assert.Matches($@"(?m)^  {command.Name}\b", output);
        }

        foreach ((int code, string meaning) in ExitCodes.Table)
        {
            Assert.Matches($@"(?m)^  {code}\s+{System.Text.RegularExpressions.Regex.Escape(meaning[..Math.Min(20, meaning.Length)])}", output);
        }
    }

    [Fact]
    public async Task No_command_shows_the_overview_and_exits_2()
    {
        (int exitCode, string output, _) = await CliRunner.RunAsync();

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("Commands", output);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task A_commands_help_lists_every_option_it_declares(string name)
    {
        Command command = CliCommands.Find(name)!;
        foreach (string[] asked in new[] { new[] { name, "--help" }, new[] { "help", name } })
        {
            (int exitCode, string output, string log) = await CliRunner.RunAsync(asked);

            Assert.True(exitCode == 0, log);
            Assert.StartsWith($"Usage: hybridbatch {name}", output);
            foreach (Option option in CommandArguments.Declared(command))
            {
                Assert.Matches($@"(?m)^  {System.Text.RegularExpressions.Regex.Escape(HelpWriter.Label(option))}(\s|$)", output);
            }
        }
    }

    [Fact]
    public void Every_option_has_a_description_and_every_value_a_name()
    {
        foreach (Command command in CliCommands.Handlers.Keys)
        {
            foreach (Option option in CommandArguments.Declared(command))
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{command.Name} {option.Name} has no description");
                Assert.True(option.Arity.MaximumNumberOfValues == 0 || !string.IsNullOrEmpty(option.HelpName), $"{command.Name} {option.Name} has no value name");
            }
        }
    }

    [Fact]
    public void The_exit_code_table_lists_every_code_ExitCodes_defines()
    {
        int[] defined = [.. typeof(ExitCodes).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!)];

        Assert.Equal(defined.Order(), ExitCodes.Table.Select(row => row.Code).Order());
    }

    [Fact]
    public async Task Help_for_an_unknown_command_is_a_usage_error_with_a_suggestion()
    {
        (int exitCode, _, string log) = await CliRunner.RunAsync("help", "rnu");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("help: unknown command 'rnu'; did you mean 'run'?", log);
    }
}
