using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The head of <c>rd_kafka_metadata_t</c> (librdkafka 2.x <c>rdkafka.h</c>), as <c>rd_kafka_metadata</c> hands it over:
/// only which broker answered is read.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MetadataAnswer
{
    public int BrokerCount;
    public nint Brokers;
    public int TopicCount;
    public nint Topics;

    /// <summary>The node id of the broker that answered; -1 for a bootstrap address not yet matched to a node.</summary>
    public int AnsweredBy;
    public nint AnsweredByName;
}
