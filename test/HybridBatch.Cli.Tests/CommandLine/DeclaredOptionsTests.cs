using System.CommandLine;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core;
using HybridBatch.Core.Routing;

namespace HybridBatch.Cli.Tests.CommandLine;

/// <summary>
/// What each command reads is what it declares (so what help lists): the command runs with every declared option
/// given, and when it has read its options the set it read must equal the set it declares. An option read but not
/// declared throws (a bug); one declared but not read would be listed in help and do nothing.
/// </summary>
public sealed class DeclaredOptionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public static TheoryData<string> CommandNames => [.. CliCommands.Handlers.Keys.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task A_command_reads_exactly_the_options_it_declares(string name)
    {
        Command command = CliCommands.Find(name)!;
        List<string> args = [name, .. Positional(name)];
        foreach (Option option in CommandArguments.Declared(command))
        {
            args.Add(option.Name);
            if (option.Arity.MaximumNumberOfValues > 0)
            {
                args.Add(SampleValue(name, option));
            }
        }

        CommandArguments? read = null;
        // Clients are built but nothing is sent: the command stops once it has read its options.
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9",
        };
        (_, _, string log) = await CliApp_RunAsync(args, environment, arguments =>
        {
            read = arguments;
            throw new OperationCanceledException("options read");
        });

        Assert.True(read is not null, $"{name} stopped before it had read its options: {log}");
        Assert.Equal(read.DeclaredOptions.Order(), read.ReadOptions.Order());
    }

    [Fact]
    public void The_validation_job_declares_the_splits_options_and_no_routing_or_publishing_ones()
    {
        // validate once read every engine setting and used only the split's: --destination, --threshold, --policy,
        // --key-field, --step-*, --revalidate and --tolerated-failure-percentage were listed in its help and did nothing.
        string[] declared = [.. CommandArguments.Declared(CliCommands.Find("validate")!).Select(o => o.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(
            ["--bucket", "--chunk-records", "--csv-quotes", "--delimiter", "--format", "--format-assertion", "--key", "--local", "--max-depth",
             "--max-error-rate", "--max-record-bytes", "--max-rejected", "--run-id", "--schema", "--strict-keywords", "--threads", "--work-bucket"],
            declared);
    }

    [Theory]
    [InlineData("--format", "csv")]
    [InlineData("--delimiter", ";")]
    [InlineData("--csv-quotes", "strict")]
    [InlineData("--format-assertion", "off")]
    [InlineData("--strict-keywords", null)]
    public void The_demo_refuses_input_options_for_the_file_it_writes_itself(string option, string? value)
    {
        // The demo writes orders as JSON Lines: --format csv misread them, and --format-assertion off let its invalid
        // records through, failing its own count. Now unknown options (exit 2), not accepted and ignored.
        ParseResult parse = CliCommands.Root.Parse(value is null ? ["demo", option] : ["demo", option, value], CliCommands.Configuration);

        Assert.NotEmpty(parse.Errors);
        Assert.DoesNotContain(CommandArguments.Declared(CliCommands.Find("demo")!), o => o.Name == option);
    }

    [Fact]
    public void Reading_an_option_the_command_does_not_declare_is_a_bug()
    {
        var arguments = new CommandArguments(CliCommands.Root.Parse(["generate", "--out", "x.jsonl"], CliCommands.Configuration));

        InvalidOperationException bug = Assert.Throws<InvalidOperationException>(() => arguments.Text("threshold"));
        Assert.Contains("generate reads --threshold, which it does not declare", bug.Message);
    }

    [Fact]
    public void Route_names_on_the_command_line_are_its_wire_names()
    {
        foreach (Route route in Enum.GetValues<Route>())
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(route).Trim('"'), route.WireName());
            Assert.Equal(route, ContractNames.Routes.Parse(route.WireName(), "--route"));
        }
    }

    private IEnumerable<string> Positional(string command) => command switch
    {
        // An S3 input: with a local one, --work-bucket does not apply (and is refused as such).
        "run" or "plan" => ["s3://bucket/input.csv"],
        "invoke" => ["route"],
        _ => [],
    };

    // A value each command accepts up to the point where it has read its options.
    private string SampleValue(string command, Option option) => option.Name switch
    {
        "--schema" => "orders",
        "--format" => "csv",
        "--delimiter" => ",",
        "--csv-quotes" => "lenient",
        "--format-assertion" => "on",
        "--destination" => "discard",
        "--policy" => "threshold",
        "--simulate" => "aws",
        "--route" => "lambda",
        "--key-field" => "id",
        "--max-record-bytes" => "1024",
        "--out" when command == "generate" => _folder.File("generated.csv"),
        "--out" when command == "calibrate" => _folder.File("cost-model.json"),
        "--out" or "--work" or "--work-bucket" or "--bucket" => _folder.Path,
        "--key" => "input.csv",
        "--cost-model" => CostModel(),
        "--run-id" => "run-1",
        _ when option.ValueType == typeof(int?) || option.ValueType == typeof(long?) => "2",
        _ when option.ValueType == typeof(double?) => "0.5",
        _ => throw new InvalidOperationException($"no sample value for {command} {option.Name}: add one here"),
    };

    private string CostModel()
    {
        string path = _folder.File("model.json");
        File.WriteAllBytes(path, CostModelFile.Write(new CostModelOptions()));
        return path;
    }

    private static async Task<(int ExitCode, string Out, string Log)> CliApp_RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, Action<CommandArguments> whenAllRead)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        int exitCode = await CliApp.RunAsync([.. args], new CliConsole(output, log, Interactive: false),
            name => environment.TryGetValue(name, out string? value) ? value : null, whenAllRead, CancellationToken.None);
        return (exitCode, output.ToString(), log.ToString());
    }

    public void Dispose() => _folder.Dispose();
}
