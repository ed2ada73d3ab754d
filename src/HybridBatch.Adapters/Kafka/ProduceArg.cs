using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// One <c>rd_kafka_vu_t</c> of <c>rd_kafka_produceva</c>'s argument list (librdkafka 2.x <c>rdkafka.h</c>): an
/// <c>rd_kafka_vtype_t</c>, then at offset 8 a union padded to 64 bytes. Only the 64-bit layout is described.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal unsafe struct ProduceArg
{
    [FieldOffset(0)]
    private ArgType _type;

    // u.rkt, u.ptr, u.mem.ptr, u.header.name; u.i shares the first bytes.
    [FieldOffset(8)]
    private nint _first;

    [FieldOffset(8)]
    private int _int;

    // u.mem.size, u.header.val
    [FieldOffset(16)]
    private nint _second;

    // u.header.size
    [FieldOffset(24)]
    private nint _third;

    /// <summary>RD_KAFKA_VTYPE_RKT: a topic handle, looked up once rather than by name per message.</summary>
    public static ProduceArg Topic(nint topic) => new() { _type = ArgType.Rkt, _first = topic };

    /// <summary>RD_KAFKA_VTYPE_PARTITION: an explicit partition instead of the partitioner's choice.</summary>
    public static ProduceArg Partition(int partition) => new() { _type = ArgType.Partition, _int = partition };

    /// <summary>RD_KAFKA_VTYPE_MSGFLAGS.</summary>
    public static ProduceArg Flags(int flags) => new() { _type = ArgType.MsgFlags, _int = flags };

    /// <summary>RD_KAFKA_VTYPE_OPAQUE: handed back in the message's delivery report.</summary>
    public static ProduceArg Opaque(nint opaque) => new() { _type = ArgType.Opaque, _first = opaque };

    /// <summary>RD_KAFKA_VTYPE_KEY: always copied by librdkafka.</summary>
    public static ProduceArg Key(byte* key, int length) => new() { _type = ArgType.Key, _first = (nint)key, _second = length };

    /// <summary>RD_KAFKA_VTYPE_VALUE: copied only with <see cref="Librdkafka.MsgFlagCopy"/>.</summary>
    public static ProduceArg Value(byte* value, int length) => new() { _type = ArgType.Value, _first = (nint)value, _second = length };

    /// <summary>RD_KAFKA_VTYPE_HEADER: a null-terminated name and a value, both copied by librdkafka.</summary>
    public static ProduceArg Header(byte* name, byte* value, int length) =>
        new() { _type = ArgType.Header, _first = (nint)name, _second = (nint)value, _third = length };

    /// <summary><c>rd_kafka_vtype_t</c>, in its declaration order.</summary>
    private enum ArgType
    {
        End,
        TopicName,
        Rkt,
        Partition,
        Value,
        Key,
        Opaque,
        MsgFlags,
        Timestamp,
        Header,
        Headers,
    }
}

/// <summary><c>rd_kafka_message_t</c> as a delivery report hands it over (librdkafka 2.x <c>rdkafka.h</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DeliveredMessage
{
    public int Error;
    public nint Topic;
    public int Partition;
    public nint Payload;
    public nuint Length;
    public nint Key;
    public nuint KeyLength;
    public long Offset;

    /// <summary>The message's opaque (<see cref="ProduceArg.Opaque"/>).</summary>
    public nint Opaque;
}
