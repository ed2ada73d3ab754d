using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// Records of a chunk that SQS did not accept: too large, refused as the sender's fault, or still failing
/// after every attempt. Names the records and SQS's error.
/// </summary>
public sealed class SqsPublishException : Exception, IClassifiedFailure
{
    public SqsPublishException(string message, IReadOnlyList<long> recordIndexes, string errorCode, FailureClass failureClass)
        : base(message)
    {
        RecordIndexes = recordIndexes;
        ErrorCode = errorCode;
        FailureClass = failureClass;
    }

    /// <summary>The records that were not delivered, in ascending order.</summary>
    public IReadOnlyList<long> RecordIndexes { get; }

    /// <summary>SQS's error code for the first of them (or <c>MessageTooLarge</c>).</summary>
    public string ErrorCode { get; }

    /// <summary>
    /// <see cref="FailureClass.ChunkDataFailure"/> when a record is too large or refused as the sender's fault,
    /// <see cref="FailureClass.Configuration"/> when the queue refused the request (access, queue URL), else the
    /// class of what outlasted the retries (throttling, 5xx: transient).
    /// </summary>
    public FailureClass FailureClass { get; }
}
