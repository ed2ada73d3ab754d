using System.CommandLine;
using System.CommandLine.Parsing;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// A parse's errors as one line in the house style (<c>run: unknown option --shema; did you mean --schema?</c>)
/// instead of System.CommandLine's own output (its messages on stderr, the whole help on stdout, exit 1).
/// </summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parse)
    {
        Command command = parse.CommandResult.Command;
        string where = command is RootCommand ? "" : command.Name + ": ";
        // An unknown option first: the value after it is unmatched too, but only because the option is unknown.
        string? unmatched = parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-')) ?? parse.UnmatchedTokens.FirstOrDefault();
        if (unmatched is not null)
        {
            if (command is RootCommand)
            {
                return $"unknown command '{unmatched}'{Suggestions.For(unmatched, command.Subcommands.Select(c => c.Name), quote: true)} (see 'hybridbatch help')";
            }

            if (unmatched.StartsWith('-'))
            {
                string name = unmatched.Split('=', ':')[0];
                return $"{where}unknown option {name}{Suggestions.For(name, CommandArguments.Declared(command).Select(o => o.Name))} (see 'hybridbatch {command.Name} --help')";
            }

            return $"{where}unexpected argument '{unmatched}'";
        }

        ParseError error = parse.Errors[0];
        string message = error.SymbolResult switch
        {
            // The parser's own wording for these two says less than this.
            OptionResult { Tokens.Count: 0, Option.Arity.MinimumNumberOfValues: > 0 } missing => $"option {missing.Option.Name} needs a value",
            OptionResult { Tokens.Count: > 1, Option.Arity.MaximumNumberOfValues: 1 } twice => $"option {twice.Option.Name} is given twice",
            _ when command is RootCommand => $"{error.Message} (see 'hybridbatch help')",
            _ => error.Message,
        };
        return message.StartsWith(where, StringComparison.Ordinal) ? message : where + message;
    }
}
