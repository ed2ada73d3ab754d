using System.CommandLine;
using System.Globalization;
using System.Text;
using HybridBatch.Cli.CommandLine;

namespace HybridBatch.Cli;

/// <summary>
/// Help from the declarations (<see cref="CliCommands"/>): the overview lists the commands, the options of
/// <c>run</c> and the exit codes (<see cref="ExitCodes.Table"/>); a command's help lists its arguments and options.
/// Written here rather than by System.CommandLine's help, whose layout cannot be customised in 2.0.
/// </summary>
internal static class HelpWriter
{
    private const int Width = 110;
    private const int LabelWidth = 34;

    public static void Write(Command command, TextWriter output)
    {
        if (command is RootCommand root)
        {
            WriteOverview(root, output);
            return;
        }

        output.WriteLine($"Usage: {Usage(command)}");
        output.WriteLine();
        Wrap(command.Description ?? "", 2, output);
        if (command.Arguments.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Arguments");
            Rows(command.Arguments.Select(a => (a.Name, a.Description ?? "")), output);
        }

        output.WriteLine();
        output.WriteLine("Options");
        Rows(Options(command), output);
        output.WriteLine();
    }

    /// <summary>The first column of an option: its name and the value it takes (<c>--threads N</c>, <c>--policy threshold|cost</c>).</summary>
    public static string Label(Option option) =>
        option.Arity.MaximumNumberOfValues == 0 ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";

    private static void WriteOverview(RootCommand root, TextWriter output)
    {
        output.WriteLine(root.Description);
        output.WriteLine();
        output.WriteLine("Usage: hybridbatch COMMAND [options]; 'hybridbatch COMMAND --help' (or 'hybridbatch help COMMAND') lists a command's options");
        output.WriteLine();
        output.WriteLine("Commands");
        Rows(root.Subcommands.Select(c => (string.Concat(c.Name, string.Concat(c.Arguments.Select(a => " " + a.Name))), c.Description ?? "")), output);
        Command run = CliCommands.Find("run")!;
        output.WriteLine();
        output.WriteLine("Options of run (plan, demo and validate take most of them; see their --help)");
        Rows(Options(run), output);
        output.WriteLine();
        output.WriteLine("Exit codes");
        foreach ((int code, string meaning) in ExitCodes.Table)
        {
            Row(code.ToString(CultureInfo.InvariantCulture), meaning, 6, output);
        }

        output.WriteLine();
    }

    private static string Usage(Command command) =>
        $"hybridbatch {command.Name}{string.Concat(command.Arguments.Select(a => " " + a.Name))} [options]";

    private static IEnumerable<(string Label, string Description)> Options(Command command) =>
        command.Options.Select(o => (o is System.CommandLine.Help.HelpOption ? "-h, --help" : Label(o), o.Description ?? ""));

    private static void Rows(IEnumerable<(string Label, string Description)> rows, TextWriter output)
    {
        foreach ((string label, string description) in rows)
        {
            Row(label, description, LabelWidth, output);
        }
    }

    // "  label    description" with the description wrapped under itself; a long label gets the description on the next line.
    private static void Row(string label, string description, int labelWidth, TextWriter output)
    {
        string first = "  " + label;
        if (first.Length + 2 > labelWidth)
        {
            output.WriteLine(first);
            first = "";
        }

        string indent = new(' ', labelWidth);
        List<string> lines = Lines(description, Width - labelWidth);
        for (int i = 0; i < lines.Count; i++)
        {
            output.WriteLine((i == 0 ? first.PadRight(labelWidth) : indent) + lines[i]);
        }
    }

    private static void Wrap(string text, int indent, TextWriter output)
    {
        foreach (string line in Lines(text, Width - indent))
        {
            output.WriteLine(new string(' ', indent) + line);
        }
    }

    private static List<string> Lines(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }
}
