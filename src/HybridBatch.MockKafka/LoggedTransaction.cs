namespace HybridBatch.MockKafka;

/// <summary>
/// The transactional records one producer (id and epoch) left in a topic with one outcome, summed over partitions:
/// what a broker's log says about a transaction, for tests that check what an interrupted attempt left behind.
/// </summary>
public sealed record LoggedTransaction(long ProducerId, short ProducerEpoch, TransactionOutcome Outcome, long Records);
