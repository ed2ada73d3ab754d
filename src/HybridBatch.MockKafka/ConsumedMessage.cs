namespace HybridBatch.MockKafka;

/// <summary>A message read back from a topic: where it was, its key, value and headers (header values as UTF-8 text).</summary>
public sealed record ConsumedMessage(
    int Partition,
    long Offset,
    byte[] Key,
    byte[] Value,
    IReadOnlyDictionary<string, string> Headers);
