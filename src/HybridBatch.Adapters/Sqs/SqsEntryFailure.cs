namespace HybridBatch.Adapters.Sqs;

/// <summary>Why a record was not delivered: SQS's error code and message, and how many sends were tried.</summary>
internal sealed record SqsEntryFailure(long RecordIndex, string Code, string Message, int Attempts);
