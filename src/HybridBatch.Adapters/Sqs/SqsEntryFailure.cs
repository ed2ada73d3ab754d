using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// Why a record was not delivered: SQS's error code and message, how many sends were tried, and whether another
/// attempt of the chunk could deliver it.
/// </summary>
internal sealed record SqsEntryFailure(long RecordIndex, string Code, string Message, int Attempts, FailureClass Class);
