using System.Globalization;
using Amazon.SQS.Model;

namespace HybridBatch.Adapters.Sqs;

/// <summary>One message waiting for SQS, copied out of the reused <see cref="Core.Processing.MessageBatch"/>.</summary>
internal sealed class SqsEntry
{
    private const string StringType = "String";

    public SqsEntry(long recordIndex, string body, string key, string runId, string source, string? groupId, string? deduplicationId)
    {
        RecordIndex = recordIndex;
        Body = body;
        Key = key;
        RunId = runId;
        Source = source;
        GroupId = groupId;
        DeduplicationId = deduplicationId;
        Size = Utf8(body) + Attribute("runId", runId) + Attribute("recordIndex", IndexText) + Attribute("source", source)
            + (key.Length == 0 ? 0 : Attribute("key", key));
    }

    public long RecordIndex { get; }

    public string Body { get; }

    public string Key { get; }

    public string RunId { get; }

    public string Source { get; }

    public string? GroupId { get; }

    public string? DeduplicationId { get; }

    /// <summary>Bytes as SQS counts them against its limits: body plus attribute names, types and values.</summary>
    public int Size { get; }

    /// <summary>Set when SQS confirmed the message. Only the one send task that owns the entry touches it.</summary>
    public bool Delivered { get; set; }

    /// <summary>Why the last attempt did not deliver it, for the report when attempts run out.</summary>
    public SqsEntryFailure? LastFailure { get; set; }

    private string IndexText => RecordIndex.ToString(CultureInfo.InvariantCulture);

    public SendMessageBatchRequestEntry ToRequestEntry(string id)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(4, StringComparer.Ordinal)
        {
            ["runId"] = Text(RunId),
            ["recordIndex"] = Text(IndexText),
            ["source"] = Text(Source),
        };

        // SQS refuses empty attribute values; an empty key is simply not sent.
        if (Key.Length > 0)
        {
            attributes["key"] = Text(Key);
        }

        var entry = new SendMessageBatchRequestEntry { Id = id, MessageBody = Body, MessageAttributes = attributes };
        if (GroupId is not null)
        {
            entry.MessageGroupId = GroupId;
            entry.MessageDeduplicationId = DeduplicationId;
        }

        return entry;
    }

    private static MessageAttributeValue Text(string value) => new() { DataType = StringType, StringValue = value };

    private static int Attribute(string name, string value) => Utf8(name) + StringType.Length + Utf8(value);

    private static int Utf8(string text) => System.Text.Encoding.UTF8.GetByteCount(text);
}
