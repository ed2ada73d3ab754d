using System.Text;
using System.Text.Json;

namespace HybridBatch.Functions.Telemetry;

/// <summary>
/// Structured logs on stdout, one JSON object per line, with the keys Powertools users know (<c>level</c>,
/// <c>message</c>, <c>timestamp</c>, <c>service</c>, <c>cold_start</c>, <c>function_name</c>,
/// <c>function_request_id</c>, <c>xray_trace_id</c>) and the invocation's correlation keys
/// (<c>run_id</c>, <c>chunk_id</c>, <c>batch_job_id</c>). Messages are templates: each <c>{Name}</c> is
/// rendered from, and also written as, a field.
/// </summary>
internal sealed class JsonLogger
{
    private readonly Stream _output;
    private readonly string _service;
    private readonly string _functionName;
    private readonly Dictionary<string, string> _correlation = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private InvocationScope? _scope;

    public JsonLogger(Stream output, string service, string functionName)
    {
        _output = output;
        _service = service;
        _functionName = functionName;
    }

    public string Service => _service;

    public string FunctionName => _functionName;

    /// <summary>Starts an invocation: its request id, trace id and cold start flag go on every line until the next.</summary>
    public void BeginInvocation(string requestId, string? traceId, bool coldStart)
    {
        lock (_gate)
        {
            _scope = new InvocationScope(requestId, traceId, coldStart);
            _correlation.Clear();
        }
    }

    /// <summary>Adds a correlation key (<c>run_id</c>, <c>chunk_id</c>, …) to the current invocation's lines.</summary>
    public void Correlate(string key, string value)
    {
        lock (_gate)
        {
            _correlation[key] = value;
        }
    }

    public void Info(string template, params ReadOnlySpan<object?> values) => Write(LogLevel.Info, template, null, values);

    public void Warning(string template, params ReadOnlySpan<object?> values) => Write(LogLevel.Warning, template, null, values);

    public void Error(Exception? exception, string template, params ReadOnlySpan<object?> values) => Write(LogLevel.Error, template, exception, values);

    private void Write(LogLevel level, string template, Exception? exception, ReadOnlySpan<object?> values)
    {
        var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", LevelName(level));
            var fields = new List<KeyValuePair<string, string?>>();
            json.WriteString("message", Render(template, values, fields));
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("service", _service);
            json.WriteString("function_name", _functionName);
            lock (_gate)
            {
                if (_scope is { } scope)
                {
                    json.WriteBoolean("cold_start", scope.ColdStart);
                    json.WriteString("function_request_id", scope.RequestId);
                    if (scope.TraceId is not null)
                    {
                        json.WriteString("xray_trace_id", scope.TraceId);
                    }
                }

                foreach (KeyValuePair<string, string> pair in _correlation)
                {
                    json.WriteString(pair.Key, pair.Value);
                }
            }

            foreach (KeyValuePair<string, string?> field in fields)
            {
                json.WriteString(field.Key, field.Value);
            }

            if (exception is not null)
            {
                json.WriteString("exception_name", exception.GetType().FullName);
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            buffer.Position = 0;
            buffer.CopyTo(_output);
            _output.Flush();
        }
    }

    // "{Name}" placeholders, in order, take the values; each also becomes a snake_case field.
    private static string Render(string template, ReadOnlySpan<object?> values, List<KeyValuePair<string, string?>> fields)
    {
        var text = new StringBuilder(template.Length + 32);
        int next = 0;
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            int close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }

            text.Append(template, i, open - i);
            string name = template[(open + 1)..close];
            string? value = next < values.Length ? Convert.ToString(values[next++], System.Globalization.CultureInfo.InvariantCulture) : null;
            text.Append(value);
            fields.Add(new(SnakeCase(name), value));
            i = close + 1;
        }

        return text.ToString();
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warning => "WARN",
        _ => "ERROR",
    };

    private sealed record InvocationScope(string RequestId, string? TraceId, bool ColdStart);
}
