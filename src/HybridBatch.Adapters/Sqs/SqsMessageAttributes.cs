namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// The message attributes every <c>sqs_core</c> message carries (all of type String). Consumers drop the duplicates a
/// retried chunk can send by <see cref="Identity"/>; SQS counts each attribute's name, type and value toward the
/// message size limit, and allows 10 attributes per message.
/// </summary>
public static class SqsMessageAttributes
{
    /// <summary>The record's identity <c>{runId}:{recordIndex}</c>: unique per record of an object version, the same on every retry.</summary>
    public const string Identity = "hybridbatchId";

    /// <summary>The run id, derived from the input object's bucket, key and version.</summary>
    public const string RunId = "runId";

    /// <summary>The record's index in the input (0-based), as decimal text.</summary>
    public const string RecordIndex = "recordIndex";

    /// <summary>The input object, <c>bucket/key</c>.</summary>
    public const string Source = "source";

    /// <summary>The message key (the <c>--key-field</c> value, else the identity); left out when empty, as SQS refuses empty values.</summary>
    public const string Key = "key";

    /// <summary>The one type the attributes use.</summary>
    public const string StringType = "String";
}
