namespace HybridBatch.Core.Processing;

/// <summary>
/// One message for the destination: key, JSON value and the record's index. The memory belongs to the
/// <see cref="MessageBatch"/> and is reused after the sink's call returns: a sink copies what it keeps.
/// </summary>
public readonly record struct OutboundMessage(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, long RecordIndex);
