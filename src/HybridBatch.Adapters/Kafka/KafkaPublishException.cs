using Confluent.Kafka;
using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// A chunk's messages could not all be published to Kafka: says which run, chunk and topic, and carries
/// librdkafka's error (its code, and whether the producer can publish nothing more).
/// </summary>
public sealed class KafkaPublishException : Exception, IClassifiedFailure
{
    private readonly FailureClass? _failureClass;

    public KafkaPublishException(string runId, int chunkId, string topic, Error error, string problem, Exception? inner = null, FailureClass? failureClass = null)
        : base($"run {runId} chunk {chunkId} topic {topic}: {problem}: {error.Reason} ({error.Code}{(error.IsFatal ? ", fatal" : "")})", inner)
    {
        _failureClass = failureClass;
        RunId = runId;
        ChunkId = chunkId;
        Topic = topic;
        Error = error;
    }

    public string RunId { get; }

    public int ChunkId { get; }

    public string Topic { get; }

    public Error Error { get; }

    /// <summary>
    /// A refused login or ACL is the deployment's fault; everything else (a broker away, a fenced or fatal producer,
    /// a transaction that timed out) is worth another attempt with a new producer, which the retry gets.
    /// </summary>
    public FailureClass FailureClass => _failureClass ?? (Error.Code is ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
        or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication
        ? FailureClass.Configuration
        : FailureClass.Transient);
}
