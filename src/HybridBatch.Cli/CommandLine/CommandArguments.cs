using System.Globalization;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The options of one command: <c>--name value</c>, <c>--name=value</c>, <c>--flag</c>, and positional
/// arguments. Every option must be read by the command; one that is not is reported as unknown.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    public CommandArguments(string command, IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        Command = command;
        using IEnumerator<string> items = args.GetEnumerator();
        while (items.MoveNext())
        {
            string item = items.Current;
            if (!item.StartsWith("--", StringComparison.Ordinal) || item.Length == 2)
            {
                _positional.Add(item);
                continue;
            }

            string name = item[2..];
            string? value = null;
            int equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!flags.Contains(name))
            {
                value = items.MoveNext() ? items.Current : throw new UsageException($"{command}: option --{name} needs a value");
            }

            if (!_options.TryAdd(name, value))
            {
                throw new UsageException($"{command}: option --{name} is given twice");
            }
        }
    }

    public string Command { get; }

    public IReadOnlyList<string> Positional => _positional;

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Text(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public string Required(string name) => Text(name) ?? throw new UsageException($"{Command}: --{name} is required");

    public long? Long(string name) => Parse(name, s => long.Parse(s, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    public int? Int(string name) => Parse(name, s => int.Parse(s, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    /// <summary>A finite number: NaN and infinities pass every range check written as two comparisons, so none is a setting.</summary>
    public double? Double(string name)
    {
        double? value = Parse(name, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
        return value is double number && !double.IsFinite(number)
            ? throw new UsageException($"{Command}: --{name} must be a finite number, got '{Text(name)}'")
            : value;
    }

    /// <summary>Fails on options the command never asked for (typos must not be ignored).</summary>
    public void EnsureNoneLeft(int maxPositional)
    {
        string? unknown = _options.Keys.FirstOrDefault(k => !_read.Contains(k));
        if (unknown is not null)
        {
            throw new UsageException($"{Command}: unknown option --{unknown} (see 'hybridbatch help')");
        }

        if (_positional.Count > maxPositional)
        {
            throw new UsageException($"{Command}: unexpected argument '{_positional[maxPositional]}'");
        }
    }

    private T? Parse<T>(string name, Func<string, T> parse)
        where T : struct
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        try
        {
            return parse(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new UsageException($"{Command}: --{name} must be a number, got '{text}'");
        }
    }
}
