using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace HybridBatch.MockKafka;

/// <summary>
/// Reads one partition's record-batch headers over the Kafka protocol (Fetch v4) and works out which offsets
/// belong to transactions that were aborted or are still open: what a broker's aborted-transaction index and
/// last stable offset give a read_committed consumer. librdkafka's mock cluster writes the transaction markers
/// but reports neither (librdkafka 2.16: no aborted transactions, LSO = high watermark), so without this its
/// read_committed consumers would see aborted records.
/// </summary>
public static class TransactionMarkerReader
{
    private const short FetchApiKey = 1;
    private const short FetchVersion = 4;
    private const int BatchHeaderBytes = 61;
    private const short TransactionalAttribute = 0x10;
    private const short ControlAttribute = 0x20;
    private const short AbortMarker = 0;

    /// <summary>Offset ranges [first, last] that read_committed must not return.</summary>
    public static List<(long First, long Last)> HiddenRanges(string host, int port, string topic, int partition, TimeSpan timeout) =>
        Read(host, port, topic, partition, timeout)
            .Where(batch => batch.Outcome != TransactionOutcome.Committed)
            .Select(batch => (batch.First, batch.Last))
            .ToList();

    /// <summary>Every transactional record batch in the partition, with its producer and how its transaction ended.</summary>
    internal static List<TransactionalBatch> Read(string host, int port, string topic, int partition, TimeSpan timeout)
    {
        using var client = new TcpClient { NoDelay = true, ReceiveTimeout = (int)timeout.TotalMilliseconds, SendTimeout = (int)timeout.TotalMilliseconds };
        client.Connect(host, port);
        using NetworkStream stream = client.GetStream();
        var ended = new List<TransactionalBatch>();
        var open = new Dictionary<long, List<TransactionalBatch>>();
        long offset = 0;
        for (int correlation = 1; ; correlation++)
        {
            (long highWatermark, byte[] records) = Fetch(stream, correlation, topic, partition, offset);
            if (records.Length == 0)
            {
                if (offset >= highWatermark)
                {
                    break;
                }

                throw new InvalidDataException($"{topic} [{partition}]: no record batch at offset {offset} below the high watermark {highWatermark}");
            }

            offset = ReadBatches(records, open, ended);
        }

        // Transactions with no marker yet are still open: they lie beyond the last stable offset.
        foreach (List<TransactionalBatch> batches in open.Values)
        {
            ended.AddRange(batches);
        }

        return ended;
    }

    /// <summary>Sorts the batches into the open, committed and aborted transactions; returns the next offset.</summary>
    private static long ReadBatches(byte[] records, Dictionary<long, List<TransactionalBatch>> open, List<TransactionalBatch> ended)
    {
        long next = 0;
        int position = 0;
        while (records.Length - position >= BatchHeaderBytes)
        {
            ReadOnlySpan<byte> batch = records.AsSpan(position);
            long baseOffset = BinaryPrimitives.ReadInt64BigEndian(batch);
            int length = BinaryPrimitives.ReadInt32BigEndian(batch[8..]);
            if (records.Length - position < 12 + length)
            {
                break;
            }

            short attributes = BinaryPrimitives.ReadInt16BigEndian(batch[21..]);
            long lastOffset = baseOffset + BinaryPrimitives.ReadInt32BigEndian(batch[23..]);
            long producerId = BinaryPrimitives.ReadInt64BigEndian(batch[43..]);
            short producerEpoch = BinaryPrimitives.ReadInt16BigEndian(batch[51..]);
            int count = BinaryPrimitives.ReadInt32BigEndian(batch[57..]);
            if ((attributes & ControlAttribute) != 0)
            {
                // A marker ends everything its producer has open in this partition.
                if (open.Remove(producerId, out List<TransactionalBatch>? batches))
                {
                    TransactionOutcome outcome = ControlType(batch[BatchHeaderBytes..]) == AbortMarker ? TransactionOutcome.Aborted : TransactionOutcome.Committed;
                    ended.AddRange(batches.Select(b => b with { Outcome = outcome }));
                }
            }
            else if ((attributes & TransactionalAttribute) != 0)
            {
                if (!open.TryGetValue(producerId, out List<TransactionalBatch>? batches))
                {
                    open[producerId] = batches = [];
                }

                batches.Add(new TransactionalBatch(baseOffset, lastOffset, producerId, producerEpoch, count, TransactionOutcome.Open));
            }

            next = lastOffset + 1;
            position += 12 + length;
        }

        return next;
    }

    /// <summary>A control record's key is (version int16, type int16); type 0 aborts, 1 commits.</summary>
    private static short ControlType(ReadOnlySpan<byte> record)
    {
        int position = 0;
        SkipVarint(record, ref position); // length
        position++; // attributes
        SkipVarint(record, ref position); // timestamp delta
        SkipVarint(record, ref position); // offset delta
        SkipVarint(record, ref position); // key length
        return BinaryPrimitives.ReadInt16BigEndian(record[(position + 2)..]);
    }

    private static void SkipVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        while ((bytes[position++] & 0x80) != 0)
        {
        }
    }

    private static (long HighWatermark, byte[] Records) Fetch(NetworkStream stream, int correlation, string topic, int partition, long offset)
    {
        byte[] topicName = Encoding.UTF8.GetBytes(topic);
        byte[] clientId = "hybridbatch-markers"u8.ToArray();
        var request = new List<byte>();
        Int16(request, FetchApiKey);
        Int16(request, FetchVersion);
        Int32(request, correlation);
        String(request, clientId);
        Int32(request, -1); // replica id: a consumer
        Int32(request, 0); // max wait
        Int32(request, 0); // min bytes
        Int32(request, 64 << 20); // max bytes
        request.Add(0); // read_uncommitted: the markers are what this reads
        Int32(request, 1);
        String(request, topicName);
        Int32(request, 1);
        Int32(request, partition);
        Int64(request, offset);
        Int32(request, 64 << 20);

        byte[] frame = new byte[4 + request.Count];
        BinaryPrimitives.WriteInt32BigEndian(frame, request.Count);
        request.CopyTo(frame, 4);
        stream.Write(frame);

        byte[] size = new byte[4];
        stream.ReadExactly(size);
        byte[] response = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        stream.ReadExactly(response);

        // correlation id, throttle time, 1 topic (name), 1 partition: id, error, high watermark, LSO, aborted list, records.
        int position = 4 + 4 + 4;
        position += 2 + BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(position));
        position += 4 + 4;
        short error = BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(position));
        if (error != 0)
        {
            throw new Confluent.Kafka.KafkaException((Confluent.Kafka.ErrorCode)error);
        }

        long highWatermark = BinaryPrimitives.ReadInt64BigEndian(response.AsSpan(position + 2));
        position += 2 + 8 + 8;
        int aborted = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(position));
        position += 4 + Math.Max(aborted, 0) * 16;
        int recordBytes = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(position));
        return (highWatermark, recordBytes <= 0 ? [] : response.AsSpan(position + 4, recordBytes).ToArray());
    }

    private static void Int16(List<byte> buffer, short value)
    {
        buffer.Add((byte)(value >> 8));
        buffer.Add((byte)value);
    }

    private static void Int32(List<byte> buffer, int value)
    {
        Int16(buffer, (short)(value >> 16));
        Int16(buffer, (short)value);
    }

    private static void Int64(List<byte> buffer, long value)
    {
        Int32(buffer, (int)(value >> 32));
        Int32(buffer, (int)value);
    }

    private static void String(List<byte> buffer, byte[] utf8)
    {
        Int16(buffer, (short)utf8.Length);
        buffer.AddRange(utf8);
    }

    /// <summary>One transactional record batch: offsets [first, last], its producer, its record count, its outcome.</summary>
    internal readonly record struct TransactionalBatch(long First, long Last, long ProducerId, short ProducerEpoch, int Records, TransactionOutcome Outcome);
}
