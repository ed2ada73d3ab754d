using HybridBatch.Core.Json;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using HybridBatch.Core;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// Writes messages as JSON Lines envelopes, the shape the local sinks share:
/// <c>{"key":"…","headers":{"runId":"…","recordIndex":"…","source":"…"},"value":{…}}</c>.
/// The header names match the Kafka headers and SQS message attributes.
/// </summary>
/// <remarks>
/// The hot path of the file destination, so it lays bytes out itself rather than through a
/// <see cref="Utf8JsonWriter"/> per envelope: what every envelope of the chunk shares (run id, source) is escaped once,
/// the index is formatted in place, and a key is copied as it is unless it holds a character JSON requires escaped,
/// in which case a <see cref="Utf8JsonWriter"/> with <see cref="MinimalJsonEncoder"/> escapes it (the bytes are those
/// of that writer writing the whole envelope; EnvelopeWriterTests compares the two).
/// </remarks>
internal sealed class EnvelopeWriter
{
    private static readonly byte[] Opening = "{\"key\":"u8.ToArray();
    private static readonly byte[] Closing = "}\n"u8.ToArray();

    // Longest decimal long: 20 characters with its sign.
    private const int IndexDigits = 20;

    private readonly byte[] _afterKey;
    private readonly byte[] _afterIndex;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly ArrayBufferWriter<byte> _escapedKey = new(256);
    private readonly Utf8JsonWriter _keyWriter;

    public EnvelopeWriter(ChunkContext context)
    {
        // ,"headers":{"runId":"…","recordIndex":"   and   ","source":"…"},"value":
        _afterKey = [.. ",\"headers\":{\"runId\":\""u8, .. JsonEncodedText.Encode(context.RunId, MinimalJsonEncoder.Instance).EncodedUtf8Bytes, .. "\",\"recordIndex\":\""u8];
        _afterIndex = [.. "\",\"source\":\""u8, .. JsonEncodedText.Encode(context.Source, MinimalJsonEncoder.Instance).EncodedUtf8Bytes, .. "\"},\"value\":"u8];
        _keyWriter = new Utf8JsonWriter(_escapedKey, MinimalJsonEncoder.UncheckedWriterOptions);
    }

    /// <summary>Lays out the batch's envelopes; the returned memory is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Render(MessageBatch batch)
    {
        _buffer.ResetWrittenCount();
        for (int i = 0; i < batch.Count; i++)
        {
            OutboundMessage message = batch[i];
            ReadOnlySpan<byte> key = message.Key.Span;
            ReadOnlySpan<byte> value = message.Value.Span;
            // Most keys (every runId:index identity) need no escaping: then the quoted key is the key itself.
            bool plainKey = MinimalJsonEncoder.Instance.FindFirstCharacterToEncodeUtf8(key) < 0;
            ReadOnlySpan<byte> quotedKey = plainKey ? default : EscapedKey(key);
            int keyLength = plainKey ? key.Length + 2 : quotedKey.Length;
            int length = Opening.Length + keyLength + _afterKey.Length + IndexDigits + _afterIndex.Length + value.Length + Closing.Length;
            Span<byte> room = _buffer.GetSpan(length);
            int at = Put(room, 0, Opening);
            if (plainKey)
            {
                room[at++] = (byte)'"';
                at = Put(room, at, key);
                room[at++] = (byte)'"';
            }
            else
            {
                at = Put(room, at, quotedKey);
            }

            at = Put(room, at, _afterKey);
            Utf8Formatter.TryFormat(message.RecordIndex, room[at..], out int digits);
            at = Put(room, at + digits, _afterIndex);
            at = Put(room, at, value);
            at = Put(room, at, Closing);
            _buffer.Advance(at);
        }

        return _buffer.WrittenMemory;
    }

    // The key as a quoted JSON string, escaped by a writer with the one encoder of every message.
    private ReadOnlySpan<byte> EscapedKey(ReadOnlySpan<byte> key)
    {
        _escapedKey.ResetWrittenCount();
        _keyWriter.Reset(_escapedKey);
        _keyWriter.WriteStringValue(key);
        _keyWriter.Flush();
        return _escapedKey.WrittenSpan;
    }

    private static int Put(Span<byte> room, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(room[at..]);
        return at + bytes.Length;
    }
}
