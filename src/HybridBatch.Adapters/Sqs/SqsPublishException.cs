namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// Records of a chunk that SQS did not accept: too large, refused as the sender's fault, or still failing
/// after every attempt. Names the records and SQS's error.
/// </summary>
public sealed class SqsPublishException : Exception
{
    public SqsPublishException(string message, IReadOnlyList<long> recordIndexes, string errorCode)
        : base(message)
    {
        RecordIndexes = recordIndexes;
        ErrorCode = errorCode;
    }

    /// <summary>The records that were not delivered, in ascending order.</summary>
    public IReadOnlyList<long> RecordIndexes { get; }

    /// <summary>SQS's error code for the first of them (or <c>MessageTooLarge</c>).</summary>
    public string ErrorCode { get; }
}
