using System.Text;
using HybridBatch.Generation;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>Runs the generator into memory and offers the result as bytes, text and lines.</summary>
internal sealed class GeneratedOutput
{
    private GeneratedOutput(byte[] bytes, GenerationSummary summary)
    {
        Bytes = bytes;
        Summary = summary;
        Text = Encoding.UTF8.GetString(bytes);
    }

    public byte[] Bytes { get; }

    public GenerationSummary Summary { get; }

    public string Text { get; }

    /// <summary>Lines without their <c>\n</c>; only meaningful for JSON Lines (CSV cells may hold line breaks).</summary>
    public string[] Lines => Text.EndsWith('\n') ? Text[..^1].Split('\n') : Text.Split('\n');

    public static GeneratedOutput Of(string sample, GeneratorOptions options, long records)
    {
        return Of(SampleData.Open(sample).Span, options, records);
    }

    public static GeneratedOutput Of(ReadOnlySpan<byte> schema, GeneratorOptions options, long records)
    {
        var generator = new RecordGenerator(schema, options);
        using var stream = new MemoryStream();
        var summary = generator.Write(stream, records);
        return new GeneratedOutput(stream.ToArray(), summary);
    }
}
