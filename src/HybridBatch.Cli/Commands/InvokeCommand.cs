using System.Text;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Failures;
using HybridBatch.Functions.Hosting;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch invoke HANDLER &lt; event.json</c>: one Lambda handler in this process, built from the function
/// settings in the environment exactly as <c>bootstrap</c> builds it. Prints the response JSON; on failure prints
/// the error type and message and exits with the code of the failure's class, as the Batch worker would.
/// </summary>
internal static class InvokeCommand
{
    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (args.Positional.Count == 0 || !LocalInvoker.HandlerNames.Contains(args.Positional[0]))
        {
            throw new UsageException($"invoke: name a handler ({string.Join(", ", LocalInvoker.HandlerNames)}) and give the event on standard input");
        }

        string handler = args.Positional[0];
        double timeoutSeconds = args.Double("timeout-seconds") ?? 900;
        if (timeoutSeconds is <= 0 or > 86_400)
        {
            throw new UsageException("invoke: --timeout-seconds must be more than 0 and at most 86400");
        }

        args.EnsureNoneLeft();
        string input = await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(input))
        {
            throw new UsageException($"invoke {handler}: no event on standard input (hybridbatch invoke {handler} < events/{handler}.json)");
        }

        LocalInvocationResult result = await LocalInvoker.InvokeAsync(handler, Encoding.UTF8.GetBytes(input), environment, console.Log,
            TimeSpan.FromSeconds(timeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            console.Out.WriteLine(Encoding.UTF8.GetString(result.Response!));
            return ExitCodes.Success;
        }

        console.Log.WriteLine($"error: {result.ErrorType}: {result.ErrorMessage}");
        return ExitCodes.For(result.FailureClass ?? FailureClass.Unexpected);
    }
}
