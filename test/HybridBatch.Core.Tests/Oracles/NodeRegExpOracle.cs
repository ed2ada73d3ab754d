using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// Node's own <c>RegExp</c> with the <c>u</c> flag, the reference for JSON Schema's <c>pattern</c>: one node process
/// reads every case as a JSON line (a pattern and its subjects) and answers each with a JSON line, either the
/// SyntaxError's message or one verdict per subject (<c>test</c>, an unanchored search, as JSON Schema asks).
/// </summary>
internal static class NodeRegExpOracle
{
    private const string Script = """
        const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(l => l.length > 0);
        const out = [];
        for (const line of lines) {
          const c = JSON.parse(line);
          let re;
          try { re = new RegExp(c.p, 'u'); } catch (e) { out.push(JSON.stringify({ error: String(e.message) })); continue; }
          out.push(JSON.stringify({ m: c.s.map(s => re.test(s)) }));
        }
        process.stdout.write(out.join('\n') + '\n');
        """;

    public sealed record Verdict(string? Error, bool[]? Matches);

    public static IReadOnlyList<Verdict> Judge(IReadOnlyList<(string Pattern, string[] Subjects)> cases)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Script);
        using Process node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        Task<string> output = node.StandardOutput.ReadToEndAsync();
        Task<string> errors = node.StandardError.ReadToEndAsync();
        foreach ((string pattern, string[] subjects) in cases)
        {
            var line = new JsonObject { ["p"] = pattern, ["s"] = new JsonArray(subjects.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()) };
            node.StandardInput.Write(line.ToJsonString());
            node.StandardInput.Write('\n');
        }

        node.StandardInput.Close();
        node.WaitForExit();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node exited {node.ExitCode}: {errors.Result}");
        }

        var verdicts = new List<Verdict>();
        foreach (string line in output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonNode answer = JsonNode.Parse(line)!;
            verdicts.Add(answer["error"] is { } error
                ? new Verdict(error.GetValue<string>(), null)
                : new Verdict(null, answer["m"]!.AsArray().Select(m => m!.GetValue<bool>()).ToArray()));
        }

        Assert.Equal(cases.Count, verdicts.Count);
        return verdicts;
    }
}
