using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The kinds of option the CLI declares, each parsed and checked at parse time with a message in the house style
/// (<c>run: --threshold must be a number, got 'many'</c>), so a wrong value fails before any work with exit 2.
/// The value's name in help (<c>N</c>, <c>lenient|strict</c>) is the option's <see cref="Option.HelpName"/>.
/// </summary>
internal static class OptionKinds
{
    /// <summary>Free text: a path, a name, a field.</summary>
    public static Option<string?> Text(string name, string valueName, string description) =>
        new(name) { HelpName = valueName, Description = description };

    /// <summary>
    /// One of <paramref name="values"/>: checked, completed and listed in help from this one list. Another value is
    /// refused with <paramref name="refusal"/>'s message (given the command and the value), by default one that lists the values.
    /// </summary>
    public static Option<string?> Choice(string name, IReadOnlyList<string> values, string description, Func<string, string, string>? refusal = null)
    {
        var option = new Option<string?>(name) { HelpName = string.Join('|', values), Description = description };
        option.CompletionSources.Add([.. values]);
        option.CustomParser = result =>
        {
            string value = result.Tokens[0].Value;
            if (values.Contains(value))
            {
                return value;
            }

            string command = CommandName(result);
            result.AddError((refusal ?? DefaultRefusal)(command, value) + Suggestions.For(value, values, quote: true));
            return null;

            string DefaultRefusal(string c, string v) => $"{c}: {name} must be {string.Join('|', values)}, got '{v}'";
        };
        return option;
    }

    /// <summary>A whole number; thousands separators allowed (<c>1,000,000</c>).</summary>
    public static Option<int?> Int(string name, string valueName, string description) =>
        Number<int>(name, valueName, description, text => int.TryParse(text, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out int value) ? value : null);

    /// <summary>A whole number that may pass <see cref="int.MaxValue"/>.</summary>
    public static Option<long?> Long(string name, string valueName, string description) =>
        Number<long>(name, valueName, description, text => long.TryParse(text, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out long value) ? value : null);

    /// <summary>
    /// A finite number: NaN and infinities pass every range check written as two comparisons, so none is a setting.
    /// </summary>
    public static Option<double?> Double(string name, string valueName, string description)
    {
        var option = new Option<double?>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                result.AddError($"{CommandName(result)}: {name} must be a number, got '{text}'");
                return null;
            }

            if (!double.IsFinite(value))
            {
                result.AddError($"{CommandName(result)}: {name} must be a finite number, got '{text}'");
                return null;
            }

            return value;
        };
        return option;
    }

    /// <summary>Present or not; takes no value, so it never swallows the next argument.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Arity = ArgumentArity.Zero, Description = description };

    /// <summary>The command a result belongs to, for the message's prefix.</summary>
    public static string CommandName(SymbolResult result)
    {
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult command)
            {
                return command.Command.Name;
            }
        }

        return "hybridbatch";
    }

    private static Option<T?> Number<T>(string name, string valueName, string description, Func<string, T?> parse)
        where T : struct
    {
        var option = new Option<T?>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            T? value = parse(text);
            if (value is null)
            {
                result.AddError($"{CommandName(result)}: {name} must be a number, got '{text}'");
            }

            return value;
        };
        return option;
    }
}
