using System.Text;
using System.Text.Json;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Tests.Telemetry;

/// <summary>
/// Log lines escape only what JSON requires, as messages and stored documents do (one encoder): a quoted value in a
/// message reads <c>\"</c>, not <c>\u0022</c>, and <c>&lt;</c>, <c>&amp;</c>, <c>'</c> and non-ASCII stay as they are.
/// </summary>
public sealed class LogLineEscapingTests
{
    [Fact]
    public void A_message_with_quotes_is_written_readable_and_reads_back_equal()
    {
        var stream = new MemoryStream();
        var log = new JsonLogger(new LineOutput(stream), "svc", "fn");
        const string key = "drop/say \"hi\" <b>&'caf\u00e9.jsonl";

        log.Info("Object {Key} split", key);

        string line = Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n');
        Assert.Contains("drop/say \\\"hi\\\" <b>&'caf\u00e9.jsonl", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", line, StringComparison.Ordinal);
        Assert.Equal($"Object {key} split", JsonDocument.Parse(line).RootElement.GetProperty("message").GetString());
    }
}
