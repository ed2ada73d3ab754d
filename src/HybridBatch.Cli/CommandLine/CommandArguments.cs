using System.CommandLine;
using System.CommandLine.Help;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// A command's view of its parsed command line (<see cref="CliCommands"/> declares it): typed values by option name.
/// Reading an option the command does not declare is a bug and throws, so help, which lists the declarations, lists
/// every option the code reads; an option given but never read is a usage error (it would be silently ignored).
/// </summary>
internal sealed class CommandArguments
{
    private readonly ParseResult _parse;
    private readonly Command _command;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly Action<CommandArguments>? _whenAllRead;

    /// <param name="parse">A parse without errors.</param>
    /// <param name="whenAllRead">Called when the command has read its options (tests collect <see cref="ReadOptions"/>).</param>
    public CommandArguments(ParseResult parse, Action<CommandArguments>? whenAllRead = null)
    {
        _parse = parse;
        _command = parse.CommandResult.Command;
        _whenAllRead = whenAllRead;
        Command = _command.Name;
    }

    public string Command { get; }

    /// <summary>The command's positional argument, when it declares one and it was given.</summary>
    public IReadOnlyList<string> Positional =>
        _command.Arguments is [Argument<string?> argument] && _parse.GetValue(argument) is string value ? [value] : [];

    /// <summary>The names (without <c>--</c>) of the options read so far.</summary>
    public IReadOnlySet<string> ReadOptions => _read;

    /// <summary>The names (without <c>--</c>) of the options this command declares.</summary>
    public IReadOnlyList<string> DeclaredOptions => [.. Declared(_command).Select(o => o.Name[2..])];

    public bool Flag(string name) => Value<bool>(name);

    public string? Text(string name) => Value<string?>(name);

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public string Required(string name) => Text(name) ?? throw new UsageException($"{Command}: --{name} is required");

    public long? Long(string name) => Value<long?>(name);

    public int? Int(string name) => Value<int?>(name);

    public double? Double(string name) => Value<double?>(name);

    /// <summary>
    /// After the command has read its options: one given but not read does not apply with the others given (say,
    /// <c>--work-bucket</c> with a local input) and fails rather than being ignored.
    /// </summary>
    public void EnsureNoneLeft()
    {
        _whenAllRead?.Invoke(this);
        Option? unread = Declared(_command).FirstOrDefault(o => _parse.GetResult(o) is { Implicit: false } && !_read.Contains(o.Name[2..]));
        if (unread is not null)
        {
            throw new UsageException($"{Command}: {unread.Name} does not apply with the other options given (see 'hybridbatch {Command} --help')");
        }
    }

    /// <summary>The options a command declares, without the help option every command has.</summary>
    public static IEnumerable<Option> Declared(Command command) => command.Options.Where(o => o is not HelpOption);

    private T Value<T>(string name)
    {
        Option option = Declared(_command).FirstOrDefault(o => o.Name == "--" + name)
            ?? throw new InvalidOperationException($"{Command} reads --{name}, which it does not declare: add it to the command in CliCommands, so parsing and help know it");
        if (option is not Option<T> typed)
        {
            throw new InvalidOperationException($"{Command} reads --{name} as {typeof(T).Name}, but declares it as {option.ValueType.Name}");
        }

        _read.Add(name);
        return _parse.GetValue(typed)!;
    }
}
