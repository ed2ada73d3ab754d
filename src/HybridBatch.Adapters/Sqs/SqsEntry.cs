using System.Globalization;
using System.Text;
using Amazon.SQS.Model;

namespace HybridBatch.Adapters.Sqs;

/// <summary>One message waiting for SQS, copied out of the reused <see cref="Core.Processing.MessageBatch"/>.</summary>
internal sealed class SqsEntry
{
    // Name and value of each attribute, in one list: the request and the size accounting read the same list, so an
    // attribute added to one cannot be missing from the other.
    private readonly (string Name, string Value)[] _attributes;

    public SqsEntry(long recordIndex, string body, string key, string runId, string source, string? groupId, string? deduplicationId)
    {
        RecordIndex = recordIndex;
        Body = body;
        GroupId = groupId;
        DeduplicationId = deduplicationId;
        Identity = FifoIds.Identity(runId, recordIndex);
        (string, string)[] attributes =
        [
            (SqsMessageAttributes.Identity, Identity),
            (SqsMessageAttributes.RunId, runId),
            (SqsMessageAttributes.RecordIndex, recordIndex.ToString(CultureInfo.InvariantCulture)),
            (SqsMessageAttributes.Source, source),
            (SqsMessageAttributes.Key, key),
        ];
        // SQS refuses empty attribute values; an empty one (a key field holding "") is simply not sent.
        _attributes = Array.FindAll(attributes, a => a.Item2.Length > 0);
        Size = Utf8(body) + _attributes.Sum(a => Utf8(a.Name) + SqsMessageAttributes.StringType.Length + Utf8(a.Value));
    }

    public long RecordIndex { get; }

    public string Body { get; }

    /// <summary>The record identity <c>{runId}:{recordIndex}</c>, sent as the <see cref="SqsMessageAttributes.Identity"/> attribute.</summary>
    public string Identity { get; }

    public string? GroupId { get; }

    public string? DeduplicationId { get; }

    /// <summary>Bytes as SQS counts them against its limits: body plus attribute names, types and values.</summary>
    public int Size { get; }

    /// <summary>Set when SQS confirmed the message. Only the one send task that owns the entry touches it.</summary>
    public bool Delivered { get; set; }

    /// <summary>Why the last attempt did not deliver it, for the report when attempts run out.</summary>
    public SqsEntryFailure? LastFailure { get; set; }

    public SendMessageBatchRequestEntry ToRequestEntry(string id)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(_attributes.Length, StringComparer.Ordinal);
        foreach ((string name, string value) in _attributes)
        {
            attributes[name] = new MessageAttributeValue { DataType = SqsMessageAttributes.StringType, StringValue = value };
        }

        var entry = new SendMessageBatchRequestEntry { Id = id, MessageBody = Body, MessageAttributes = attributes };
        if (GroupId is not null)
        {
            entry.MessageGroupId = GroupId;
            entry.MessageDeduplicationId = DeduplicationId;
        }

        return entry;
    }

    private static int Utf8(string text) => Encoding.UTF8.GetByteCount(text);
}
