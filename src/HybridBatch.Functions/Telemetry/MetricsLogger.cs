using System.Buffers;
using System.Text.Json;
using HybridBatch.Core.Json;

namespace HybridBatch.Functions.Telemetry;

/// <summary>
/// Metrics as CloudWatch Embedded Metric Format lines (what Powertools Metrics writes): one JSON object per emit,
/// with <c>_aws.Timestamp</c> (epoch milliseconds) and one <c>CloudWatchMetrics</c> directive (namespace,
/// dimension set <c>[service, function]</c>, each metric's name and unit), the dimension values and metric values
/// as members of the same object, and the invocation's request and correlation keys beside them (searchable, not
/// dimensions).
/// </summary>
internal sealed class MetricsLogger
{
    public const string DefaultNamespace = "HybridBatch";

    private readonly LineOutput _output;
    private readonly JsonLogger _context;
    private readonly string _namespace;
    private readonly string _service;
    private readonly string _function;
    private readonly TimeProvider _time;

    /// <param name="output">The same output as the logs.</param>
    /// <param name="context">The logger whose invocation context goes on each line.</param>
    /// <param name="namespace">The CloudWatch namespace, 1 to 255 characters.</param>
    /// <param name="service">Value of the <c>service</c> dimension.</param>
    /// <param name="function">Value of the <c>function</c> dimension: the handler's name, the same in every stack.</param>
    /// <param name="time">The clock for <c>Timestamp</c>.</param>
    public MetricsLogger(LineOutput output, JsonLogger context, string @namespace, string service, string function, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(@namespace) || @namespace.Length > 255)
        {
            throw new ArgumentException($"the metrics namespace must have 1 to 255 characters, got '{@namespace}'", nameof(@namespace));
        }

        _output = output;
        _context = context;
        _namespace = @namespace;
        _service = service;
        _function = function;
        _time = time ?? TimeProvider.System;
    }

    public void Emit(params ReadOnlySpan<Metric> metrics)
    {
        if (metrics.IsEmpty)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        var written = new HashSet<string>(StringComparer.Ordinal) { "_aws", "service", "function" };
        using (var json = new Utf8JsonWriter(buffer, MinimalJsonEncoder.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", _time.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("service");
            json.WriteStringValue("function");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (Metric metric in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", metric.Name);
                json.WriteString("Unit", metric.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("service", _service);
            json.WriteString("function", _function);
            foreach (Metric metric in metrics)
            {
                if (!written.Add(metric.Name))
                {
                    throw new ArgumentException($"metric {metric.Name} is given twice in one emit", nameof(metrics));
                }

                json.WriteNumber(metric.Name, metric.Value);
            }

            _context.WriteContext(json, written);
            json.WriteEndObject();
        }

        _output.WriteLine(buffer.WrittenSpan);
    }
}
