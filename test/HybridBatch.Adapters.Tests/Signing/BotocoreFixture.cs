using System.Diagnostics;
using System.Text.Json.Nodes;

namespace HybridBatch.Adapters.Tests.Signing;

/// <summary>
/// botocore (Debian's python3-botocore, run by /usr/bin/python3) as the independent SigV4 reference. Installs the
/// package once if it is missing, then signs the whole request table in one run. Never skips: without the
/// reference the differential tests fail with a message that says what to install.
/// </summary>
public sealed class BotocoreFixture
{
    public const string Python = "/usr/bin/python3";

    public BotocoreFixture()
    {
        EnsureBotocore();
        string tableJson = File.ReadAllText(SigV4Table.TablePath);
        (int exit, string stdout, string stderr) = Run(Python, [SigV4Table.ScriptPath], tableJson, TimeSpan.FromMinutes(2));
        if (exit != 0)
        {
            throw new InvalidOperationException($"{SigV4Table.ScriptPath} exited {exit}: {stderr}");
        }

        JsonNode output = JsonNode.Parse(stdout)!;
        Version = output["botocore"]!.GetValue<string>();
        Results = output["rows"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
    }

    public string Version { get; }

    /// <summary>botocore's output for each row of the table, by row id.</summary>
    public IReadOnlyDictionary<string, JsonNode> Results { get; }

    private static void EnsureBotocore()
    {
        if (CanImportBotocore())
        {
            return;
        }

        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        (int updateExit, _, string updateError) = Run("apt-get", ["update"], null, TimeSpan.FromMinutes(5), env);
        (int installExit, _, string installError) = updateExit == 0
            ? Run("apt-get", ["install", "-y", "python3-botocore"], null, TimeSpan.FromMinutes(5), env)
            : (updateExit, "", "");
        if (updateExit != 0 || installExit != 0 || !CanImportBotocore())
        {
            throw new InvalidOperationException(
                "The SigV4 differential tests need botocore as their reference signer and could not install it. " +
                $"Run as root: apt-get update && apt-get install -y python3-botocore (so that '{Python} -c \"import botocore\"' works). " +
                $"apt-get update exit {updateExit}: {Tail(updateError)}; apt-get install exit {installExit}: {Tail(installError)}");
        }
    }

    private static bool CanImportBotocore()
    {
        try
        {
            return Run(Python, ["-c", "import botocore"], null, TimeSpan.FromSeconds(30)).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No interpreter at all: the install below brings it as a dependency.
            return false;
        }
    }

    private static (int Exit, string Stdout, string Stderr) Run(string file, string[] arguments, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin ?? "");
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Tail(string text) => text.Length <= 400 ? text : text[^400..];
}
