using System.Globalization;
using Confluent.Kafka;
using HybridBatch.Adapters.Kafka;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>
/// Makes librdkafka's mock cluster fail a seeded share of the requests a transactional publish depends on: Produce,
/// AddPartitionsToTxn and EndTxn (the commit). Each of the next <see cref="Requests"/> requests of those kinds fails
/// with the chosen probability, with an error a real broker answers during leader moves, coordinator moves or load,
/// and which librdkafka retries on its own; what outlasts its retries fails the chunk as transient. The same seed gives
/// the same sequence of errors, so a failing trial can be replayed; <see cref="ToString"/> prints it.
/// Disposing drops the errors no request has taken yet, so later tests on the same cluster run clean.
/// </summary>
public sealed class MockClusterFaults : IDisposable
{
    /// <summary>Kafka protocol API keys (Apache Kafka's protocol guide): Produce, AddPartitionsToTxn, EndTxn.</summary>
    public const short ProduceApiKey = MockKafkaCluster.ProduceApiKey;

    public const short AddPartitionsToTxnApiKey = 24;

    public const short EndTxnApiKey = 26;

    // Produce: replicas short, leader moved, broker slow. librdkafka retries them under idempotence without duplicates.
    private static readonly ErrorCode[] s_produceErrors = [ErrorCode.NotEnoughReplicas, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut];

    // Transaction coordinator requests: coordinator moving, loading, or busy with the previous transaction.
    private static readonly ErrorCode[] s_transactionErrors =
        [ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupLoadInProgress, ErrorCode.ConcurrentTransactions];

    private readonly MockKafkaCluster _cluster;
    private readonly Dictionary<short, ErrorCode[]> _plan;
    private bool _disposed;

    private MockClusterFaults(MockKafkaCluster cluster, int seed, double share, int requests, Dictionary<short, ErrorCode[]> plan)
    {
        _cluster = cluster;
        Seed = seed;
        Share = share;
        Requests = requests;
        _plan = plan;
    }

    public int Seed { get; }

    /// <summary>The probability that one of the planned requests fails.</summary>
    public double Share { get; }

    /// <summary>How many requests of each kind the plan covers; later ones are answered normally.</summary>
    public int Requests { get; }

    /// <summary>The planned answer per API key, request by request (<see cref="ErrorCode.NoError"/>: handled normally).</summary>
    public IReadOnlyDictionary<short, ErrorCode[]> Plan => _plan;

    /// <summary>How many of the planned requests fail.</summary>
    public int Failures => _plan.Values.Sum(errors => errors.Count(e => e != ErrorCode.NoError));

    /// <summary>
    /// Pushes the plan for <paramref name="seed"/> onto <paramref name="cluster"/>: each of the next
    /// <paramref name="requests"/> Produce, AddPartitionsToTxn and EndTxn requests fails with probability
    /// <paramref name="share"/>.
    /// </summary>
    public static MockClusterFaults Inject(MockKafkaCluster cluster, int seed, double share, int requests = 100)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentOutOfRangeException.ThrowIfLessThan(share, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        var random = new Random(seed);
        var plan = new Dictionary<short, ErrorCode[]>
        {
            [ProduceApiKey] = Draw(random, share, requests, s_produceErrors),
            [AddPartitionsToTxnApiKey] = Draw(random, share, requests, s_transactionErrors),
            [EndTxnApiKey] = Draw(random, share, requests, s_transactionErrors),
        };
        foreach ((short apiKey, ErrorCode[] errors) in plan)
        {
            cluster.PushRequestErrors(apiKey, errors);
        }

        return new MockClusterFaults(cluster, seed, share, requests, plan);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mock cluster faults (seed {Seed}, share {Share:0.##}): {Count(ProduceApiKey)} of the next {Requests} Produce, "
        + $"{Count(AddPartitionsToTxnApiKey)} AddPartitionsToTxn and {Count(EndTxnApiKey)} EndTxn requests fail");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (short apiKey in _plan.Keys)
        {
            _cluster.ClearRequestErrors(apiKey);
        }
    }

    private int Count(short apiKey) => _plan[apiKey].Count(e => e != ErrorCode.NoError);

    private static ErrorCode[] Draw(Random random, double share, int requests, ErrorCode[] errors)
    {
        var plan = new ErrorCode[requests];
        for (int i = 0; i < requests; i++)
        {
            // Two draws per request, always, so the share does not shift which error a failing request gets.
            bool fails = random.NextDouble() < share;
            ErrorCode error = errors[random.Next(errors.Length)];
            plan[i] = fails ? error : ErrorCode.NoError;
        }

        return plan;
    }
}
