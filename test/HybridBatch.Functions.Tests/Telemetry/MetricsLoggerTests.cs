using System.Text;
using System.Text.Json;
using HybridBatch.Functions.Telemetry;
using HybridBatch.Functions.Tests.Support;
using Xunit.Sdk;

namespace HybridBatch.Functions.Tests.Telemetry;

/// <summary>The EMF writer in-process, and the checker the bootstrap tests rely on, shown to refuse bad documents.</summary>
public sealed class MetricsLoggerTests
{
    [Fact]
    public void An_emit_is_one_valid_emf_line_with_the_invocation_context_beside_the_values()
    {
        var stream = new MemoryStream();
        var output = new LineOutput(stream);
        var log = new JsonLogger(output, "svc", "fn");
        var metrics = new MetricsLogger(output, log, "Ns", "svc", "process-chunk");
        log.BeginInvocation("req-1", "Root=1-abc;Sampled=1", coldStart: false);
        log.Correlate("run_id", "run-1");

        metrics.Emit(new Metric(MetricNames.RecordsPublished, MetricUnit.Count, 119), new Metric(MetricNames.ChunkDuration, MetricUnit.Seconds, 0.25));

        string line = Assert.Single(Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        JsonElement json = JsonDocument.Parse(line).RootElement;
        IReadOnlyDictionary<string, double> values = EmfDocument.Validate(json);
        Assert.Equal(119, values["RecordsPublished"]);
        Assert.Equal(0.25, values["ChunkDuration"]);
        Assert.Equal("process-chunk", json.GetProperty("function").GetString());
        Assert.Equal("req-1", json.GetProperty("function_request_id").GetString());
        Assert.Equal("run-1", json.GetProperty("run_id").GetString());
        Assert.Equal("1-abc", json.GetProperty("xray_trace_id").GetString());
    }

    [Fact]
    public void The_same_metric_twice_in_one_emit_is_refused()
    {
        var output = new LineOutput(Stream.Null);
        var metrics = new MetricsLogger(output, new JsonLogger(output, "s", "f"), "Ns", "s", "f");

        Assert.Throws<ArgumentException>(() => metrics.Emit(new Metric("A", MetricUnit.Count, 1), new Metric("A", MetricUnit.Count, 2)));
    }

    [Theory]
    [InlineData("""{"_aws":{"Timestamp":NOW,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["service"]],"Metrics":[{"Name":"M","Unit":"Count"}]}]},"M":1}""", "dimension")]
    [InlineData("""{"_aws":{"Timestamp":NOW,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["service"]],"Metrics":[{"Name":"M","Unit":"Count"}]}]},"service":"s"}""", "metric")]
    [InlineData("""{"_aws":{"Timestamp":NOW,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["service"]],"Metrics":[{"Name":"M","Unit":"Records"}]}]},"service":"s","M":1}""", "Records")]
    [InlineData("""{"_aws":{"Timestamp":"NOW","CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["service"]],"Metrics":[{"Name":"M"}]}]},"service":"s","M":1}""", "Number")]
    [InlineData("""{"_aws":{"Timestamp":NOW,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["service"]],"Metrics":[{"Name":"M"}]}]},"service":"s","M":"1"}""", "Number")]
    public void The_checker_refuses_a_document_that_breaks_the_specification(string document, string expected)
    {
        string line = document.Replace("NOW", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        XunitException failure = Assert.ThrowsAny<XunitException>(() => EmfDocument.Validate(JsonDocument.Parse(line).RootElement));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_line_never_repeats_a_key_when_a_template_names_a_correlation_key()
    {
        var stream = new MemoryStream();
        var log = new JsonLogger(new LineOutput(stream), "svc", "fn");
        log.BeginInvocation("req-1", null, coldStart: true);
        log.Correlate("chunk_id", 3);

        log.Info("Chunk {ChunkId} took {Seconds} s", 3, 1.5);

        string line = Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n');
        IReadOnlyList<string> names = EmfDocument.MemberNames(line);
        Assert.Equal(names.Count, names.Distinct().Count());
        JsonElement json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Chunk 3 took 1.5 s", json.GetProperty("message").GetString());
        Assert.Equal(1.5, json.GetProperty("seconds").GetDouble());
        Assert.Equal("3", json.GetProperty("chunk_id").GetString());
        Assert.False(json.TryGetProperty("xray_trace_id", out _));
    }
}
