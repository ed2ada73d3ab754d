using HybridBatch.Core.Json;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Core;
using HybridBatch.Core.Processing;
using Xunit.Abstractions;

namespace HybridBatch.Adapters.Tests.Sinks;

/// <summary>
/// The envelope writer lays bytes out itself for speed; these tests hold it to the bytes a <see cref="Utf8JsonWriter"/>
/// with the one message encoder (<see cref="MinimalJsonEncoder"/>) writes for the same envelope.
/// </summary>
public class EnvelopeWriterTests(ITestOutputHelper output)
{
    // Characters JSON requires escaped, that the built-in encoders escaped, or that need care: quote, backslash, HTML-sensitive, '+', controls,
    // non-ASCII (2-, 3- and 4-byte UTF-8), and a lone continuation byte (invalid UTF-8).
    private static readonly byte[][] Pieces =
    [
        "a"u8.ToArray(), "Z9"u8.ToArray(), ":"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "<"u8.ToArray(), "&"u8.ToArray(),
        "'"u8.ToArray(), "+"u8.ToArray(), "\n"u8.ToArray(), [0x01], "é"u8.ToArray(), "€"u8.ToArray(), "😀"u8.ToArray(), [0x80],
        "\\u0041"u8.ToArray(), "/"u8.ToArray(), " "u8.ToArray(),
    ];

    [Fact]
    public void Identity_keys_give_the_documented_envelope()
    {
        var writer = new EnvelopeWriter(new ChunkContext("run-1", 0, "in/x.jsonl", 1));
        var batch = new MessageBatch();
        batch.Add("run-1:7"u8, "{\"a\":1}"u8, 7);

        string text = Encoding.UTF8.GetString(writer.Render(batch).Span);

        Assert.Equal("{\"key\":\"run-1:7\",\"headers\":{\"runId\":\"run-1\",\"recordIndex\":\"7\",\"source\":\"in/x.jsonl\"},\"value\":{\"a\":1}}\n", text);
    }

    [Fact]
    public void Envelopes_match_a_Utf8JsonWriter_byte_for_byte_on_random_keys_and_sources()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int trial = 0; trial < 200; trial++)
        {
            var context = new ChunkContext(Text(random, 1, 12), trial, Text(random, 0, 30), 1);
            var batch = new MessageBatch(capacityBytes: 256, capacityMessages: 4);
            int count = random.Next(0, 40);
            for (int i = 0; i < count; i++)
            {
                long index = random.Next(4) == 0 ? random.NextInt64(long.MaxValue) : random.Next(1000);
                batch.Add(Bytes(random, 0, 20), Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), index);
            }

            byte[] expected = Reference(context, batch);
            byte[] actual = new EnvelopeWriter(context).Render(batch).ToArray();

            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"seed {seed}, trial {trial}:\nexpected {Encoding.UTF8.GetString(expected)}\nactual   {Encoding.UTF8.GetString(actual)}");
        }
    }

    [Fact]
    public void A_writer_renders_batch_after_batch_from_the_start_of_its_buffer()
    {
        var writer = new EnvelopeWriter(new ChunkContext("r", 0, "s", 1));
        var batch = new MessageBatch();
        batch.Add("k1"u8, "1"u8, 1);
        batch.Add("k2"u8, "2"u8, 2);
        Assert.Equal(2, Encoding.UTF8.GetString(writer.Render(batch).Span).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        batch.Clear();
        batch.Add("k3"u8, "3"u8, 3);

        string second = Encoding.UTF8.GetString(writer.Render(batch).Span);

        Assert.Equal("{\"key\":\"k3\",\"headers\":{\"runId\":\"r\",\"recordIndex\":\"3\",\"source\":\"s\"},\"value\":3}\n", second);
    }

    // The envelope written by a Utf8JsonWriter with the message encoder: the oracle.
    private static byte[] Reference(ChunkContext context, MessageBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, MinimalJsonEncoder.UncheckedWriterOptions);
        for (int i = 0; i < batch.Count; i++)
        {
            OutboundMessage message = batch[i];
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteString("key"u8, message.Key.Span);
            writer.WriteStartObject("headers"u8);
            writer.WriteString("runId"u8, context.RunId);
            writer.WriteString("recordIndex"u8, message.RecordIndex.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("source"u8, context.Source);
            writer.WriteEndObject();
            writer.WritePropertyName("value"u8);
            writer.WriteRawValue(message.Value.Span, skipInputValidation: true);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Bytes(Random random, int min, int max)
    {
        var bytes = new List<byte>();
        int pieces = random.Next(min, max);
        for (int i = 0; i < pieces; i++)
        {
            bytes.AddRange(Pieces[random.Next(Pieces.Length)]);
        }

        return [.. bytes];
    }

    // Valid text only: run ids and sources are .NET strings.
    private static string Text(Random random, int min, int max)
    {
        string text = Encoding.UTF8.GetString(Bytes(random, min, max));
        return text.Replace('\uFFFD', 'x');
    }
}
