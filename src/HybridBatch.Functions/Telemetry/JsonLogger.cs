using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Json;
using HybridBatch.Core.Logging;

namespace HybridBatch.Functions.Telemetry;

/// <summary>
/// Structured logs, one JSON object per line, with the keys Powertools users know (<c>level</c>,
/// <c>message</c>, <c>timestamp</c>, <c>service</c>, <c>cold_start</c>, <c>function_name</c>,
/// <c>function_request_id</c>, <c>xray_trace_id</c>) and the invocation's correlation keys (<c>run_id</c>,
/// <c>chunk_id</c>, <c>batch_job_id</c>; names in <see cref="LogKeys"/>). Messages are templates: each <c>{Name}</c>
/// is rendered from, and also written as, a snake_case field, unless a key of that name is already on the line.
/// The one writer of Core's <see cref="ILog"/> port on both routes: the Lambda functions (stdout) and the Batch worker's
/// <c>process</c>/<c>validate</c> (standard error), which has no function name, request id or cold start.
/// </summary>
public sealed class JsonLogger : ILog
{
    /// <summary>The <c>service</c> of every line unless <c>POWERTOOLS_SERVICE_NAME</c> names another.</summary>
    public const string DefaultService = "hybridbatch";

    private readonly LineOutput _output;
    private readonly string _service;
    private readonly string? _functionName;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _correlation = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private InvocationScope? _scope;

    /// <param name="output">Where the lines go.</param>
    /// <param name="service">Powertools' <c>service</c> (<c>POWERTOOLS_SERVICE_NAME</c>).</param>
    /// <param name="functionName">The Lambda function's name; null outside Lambda, and the key is left out.</param>
    /// <param name="time">The clock of the timestamps.</param>
    public JsonLogger(LineOutput output, string service, string? functionName, TimeProvider? time = null)
    {
        _output = output;
        _service = service;
        _functionName = functionName;
        _time = time ?? TimeProvider.System;
    }

    public string Service => _service;

    /// <summary>The service name <paramref name="environment"/> sets (<c>POWERTOOLS_SERVICE_NAME</c>), else <see cref="DefaultService"/>.</summary>
    public static string ServiceFrom(Func<string, string?> environment) =>
        new Core.Settings.SettingsReader(environment).Text(Core.Settings.SettingNames.ServiceName) ?? DefaultService;

    public string? FunctionName => _functionName;

    /// <summary>Starts an invocation: its request id, trace id and cold start flag go on every line until the next.</summary>
    public void BeginInvocation(string requestId, string? traceId, bool coldStart)
    {
        lock (_gate)
        {
            _scope = new InvocationScope(requestId, XrayTraceId(traceId), coldStart);
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

    public void Correlate(string key, long value) => Correlate(key, value.ToString(CultureInfo.InvariantCulture));

    public void Info(string template, params ReadOnlySpan<object?> values) => Write(LogLevel.Info, template, null, values);

    public void Warning(string template, params ReadOnlySpan<object?> values) => Write(LogLevel.Warning, template, null, values);

    public void Error(Exception? exception, string template, params ReadOnlySpan<object?> values) => Write(LogLevel.Error, template, exception, values);

    /// <summary>
    /// Writes what every line of this invocation carries besides its own content (also on metric lines):
    /// <c>function_request_id</c>, <c>xray_trace_id</c>, <c>cold_start</c> and the correlation keys.
    /// </summary>
    public void WriteContext(Utf8JsonWriter json, ISet<string> written)
    {
        lock (_gate)
        {
            if (_scope is { } scope)
            {
                Add(json, written, LogKeys.ColdStart, scope.ColdStart);
                Add(json, written, LogKeys.FunctionRequestId, scope.RequestId);
                if (scope.TraceId is not null)
                {
                    Add(json, written, LogKeys.XrayTraceId, scope.TraceId);
                }
            }

            foreach (KeyValuePair<string, string> pair in _correlation)
            {
                Add(json, written, pair.Key, pair.Value);
            }
        }
    }

    /// <summary>The <c>Root</c> of an X-Ray trace header (<c>Root=1-…;Parent=…;Sampled=1</c>), as Powertools logs it.</summary>
    public static string? XrayTraceId(string? traceHeader)
    {
        if (string.IsNullOrEmpty(traceHeader))
        {
            return null;
        }

        foreach (string part in traceHeader.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                return part["Root=".Length..];
            }
        }

        return traceHeader;
    }

    public void Write(LogLevel level, string template, Exception? exception, params ReadOnlySpan<object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<KeyValuePair<string, object?>>();
        string message = Render(template, values, fields);
        using (var json = new Utf8JsonWriter(buffer, MinimalJsonEncoder.WriterOptions))
        {
            json.WriteStartObject();
            Add(json, written, LogKeys.Level, LevelName(level));
            Add(json, written, LogKeys.Message, message);
            Add(json, written, LogKeys.Timestamp, _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            Add(json, written, LogKeys.Service, _service);
            if (_functionName is not null)
            {
                Add(json, written, LogKeys.FunctionName, _functionName);
            }

            WriteContext(json, written);
            foreach (KeyValuePair<string, object?> field in fields)
            {
                AddValue(json, written, field.Key, field.Value);
            }

            if (exception is not null)
            {
                Add(json, written, LogKeys.ExceptionName, exception.GetType().FullName);
                Add(json, written, LogKeys.Exception, exception.ToString());
            }

            json.WriteEndObject();
        }

        _output.WriteLine(buffer.WrittenSpan);
    }

    private static void Add(Utf8JsonWriter json, ISet<string> written, string key, string? value)
    {
        if (written.Add(key))
        {
            json.WriteString(key, value);
        }
    }

    // Numbers and flags stay numbers and flags, so log queries can compare them; the rest is text.
    private static void AddValue(Utf8JsonWriter json, ISet<string> written, string key, object? value)
    {
        if (!written.Add(key))
        {
            return;
        }

        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                json.WriteNumber(key, number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumber(key, number);
                break;
            case decimal number:
                json.WriteNumber(key, number);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void Add(Utf8JsonWriter json, ISet<string> written, string key, bool value)
    {
        if (written.Add(key))
        {
            json.WriteBoolean(key, value);
        }
    }

    // "{Name}" placeholders, in order, take the values; each also becomes a snake_case field.
    private static string Render(string template, ReadOnlySpan<object?> values, List<KeyValuePair<string, object?>> fields)
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
            object? value = next < values.Length ? values[next++] : null;
            text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
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
