using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Adapters.Tests.Support;

namespace HybridBatch.Adapters.Tests.Sqs;

/// <summary>
/// Just enough of the SQS JSON protocol (<c>X-Amz-Target: AmazonSQS.SendMessageBatch</c>) on 127.0.0.1 to
/// produce what the emulator cannot: 200 answers with entries in <c>Failed</c>, whole-request 5xx, latency.
/// Records every request so a test can check what went over the wire.
/// </summary>
internal sealed class FakeSqsEndpoint : IAsyncDisposable
{
    private readonly LocalHttpListener _listener;
    private readonly Lock _lock = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly Dictionary<long, int> _sends = [];
    private readonly Dictionary<long, int> _deliveries = [];
    private int _inFlight;

    public FakeSqsEndpoint()
    {
        _listener = new LocalHttpListener(HandleAsync);
    }

    public Uri Url => _listener.Url;

    /// <summary>Decides each entry: null delivers it, else a failure. Gets the record index and how often it was sent.</summary>
    public Func<long, int, FakeFailure?> EntryOutcome { get; set; } = (_, _) => null;

    /// <summary>When it returns a status for the n-th request (1-based), the whole request fails with it.</summary>
    public Func<int, HttpStatusCode?> RequestOutcome { get; set; } = _ => null;

    /// <summary>Time each request takes, so that several are in flight at once.</summary>
    public TimeSpan Latency { get; set; }

    public int MaxInFlight { get; private set; }

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int SendsOf(long recordIndex)
    {
        lock (_lock)
        {
            return _sends.GetValueOrDefault(recordIndex);
        }
    }

    public int DeliveriesOf(long recordIndex)
    {
        lock (_lock)
        {
            return _deliveries.GetValueOrDefault(recordIndex);
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        lock (_lock)
        {
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }

        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency);
            }

            (int status, string body) = Answer(context.Request);
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    private (int Status, string Body) Answer(HttpListenerRequest request)
    {
        string target = request.Headers["X-Amz-Target"] ?? string.Empty;
        if (target != "AmazonSQS.SendMessageBatch")
        {
            return (400, $$"""{"__type":"com.amazonaws.sqs#InvalidAction","message":"the fake only knows SendMessageBatch, not '{{target}}'"}""");
        }

        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        JsonNode json = JsonNode.Parse(reader.ReadToEnd())!;
        var entries = json["Entries"]!.AsArray().Select(e => new FakeEntry(
            e!["Id"]!.GetValue<string>(),
            long.Parse(e["MessageAttributes"]!["recordIndex"]!["StringValue"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            e["MessageBody"]!.GetValue<string>(),
            SqsSize(e),
            e["MessageAttributes"]![SqsMessageAttributes.Identity]?["StringValue"]?.GetValue<string>(),
            e["MessageDeduplicationId"]?.GetValue<string>())).ToList();

        int number;
        lock (_lock)
        {
            _requests.Add(new FakeRequest(entries));
            number = _requests.Count;
        }

        if (RequestOutcome(number) is HttpStatusCode failure)
        {
            return ((int)failure, """{"__type":"com.amazonaws.sqs#InternalError","message":"injected whole-request failure"}""");
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (FakeEntry entry in entries)
        {
            int seen;
            lock (_lock)
            {
                seen = _sends[entry.RecordIndex] = _sends.GetValueOrDefault(entry.RecordIndex) + 1;
            }

            if (EntryOutcome(entry.RecordIndex, seen) is FakeFailure fail)
            {
                failed.Add(new JsonObject { ["Id"] = entry.Id, ["SenderFault"] = fail.SenderFault, ["Code"] = fail.Code, ["Message"] = fail.Message });
                continue;
            }

            lock (_lock)
            {
                _deliveries[entry.RecordIndex] = _deliveries.GetValueOrDefault(entry.RecordIndex) + 1;
            }

            successful.Add(new JsonObject
            {
                ["Id"] = entry.Id,
                ["MessageId"] = Guid.NewGuid().ToString(),
                ["MD5OfMessageBody"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(entry.Body))),
            });
        }

        return (200, new JsonObject { ["Successful"] = successful, ["Failed"] = failed }.ToJsonString());
    }

    // As SQS counts a message against its limits: body plus attribute names, types and values.
    private static int SqsSize(JsonNode entry)
    {
        int size = Encoding.UTF8.GetByteCount(entry["MessageBody"]!.GetValue<string>());
        foreach ((string name, JsonNode? value) in entry["MessageAttributes"]?.AsObject() ?? [])
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value!["DataType"]!.GetValue<string>())
                + Encoding.UTF8.GetByteCount(value["StringValue"]?.GetValue<string>() ?? string.Empty);
        }

        return size;
    }
}

/// <summary>One entry as it went over the wire; <paramref name="Identity"/> is its identity attribute, if any.</summary>
internal sealed record FakeEntry(string Id, long RecordIndex, string Body, int SqsBytes, string? Identity, string? DeduplicationId);

internal sealed record FakeRequest(IReadOnlyList<FakeEntry> Entries)
{
    public int SqsBytes => Entries.Sum(e => e.SqsBytes);
}

internal sealed record FakeFailure(string Code, string Message, bool SenderFault);
