using System.Buffers;
using System.Text.Json;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// Writes messages as JSON Lines envelopes, the shape the local sinks share:
/// <c>{"key":"…","headers":{"runId":"…","recordIndex":"…","source":"…"},"value":{…}}</c>.
/// The header names match the Kafka headers and SQS message attributes.
/// </summary>
internal sealed class EnvelopeWriter
{
    private readonly ChunkContext _context;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _writer;

    public EnvelopeWriter(ChunkContext context)
    {
        _context = context;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Lays out the batch's envelopes; the returned memory is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Render(MessageBatch batch)
    {
        _buffer.ResetWrittenCount();
        for (int i = 0; i < batch.Count; i++)
        {
            OutboundMessage message = batch[i];
            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            _writer.WriteString("key"u8, message.Key.Span);
            _writer.WriteStartObject("headers"u8);
            _writer.WriteString("runId"u8, _context.RunId);
            _writer.WriteString("recordIndex"u8, message.RecordIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _writer.WriteString("source"u8, _context.Source);
            _writer.WriteEndObject();
            _writer.WritePropertyName("value"u8);
            _writer.WriteRawValue(message.Value.Span, skipInputValidation: true);
            _writer.WriteEndObject();
            _writer.Flush();
            _buffer.Write("\n"u8);
        }

        return _buffer.WrittenMemory;
    }
}
