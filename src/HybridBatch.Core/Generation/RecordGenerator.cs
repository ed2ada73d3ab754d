using System.Text.Json;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Deterministic synthetic records for a JSON Schema: the same schema, options and record count always give
/// the same bytes. Valid records satisfy the schema; a seeded fraction (<see cref="GeneratorOptions.InvalidRate"/>)
/// is corrupted in a way that is guaranteed to fail validation. The schema is parsed once, here; schema
/// features the generator cannot honour are rejected with an <see cref="ArgumentException"/> naming their path.
/// </summary>
/// <remarks>Instances are not thread-safe: <see cref="Write"/> reuses scratch buffers.</remarks>
public sealed class RecordGenerator
{
    /// <summary>How often a record the validator rejects is generated again before the generator gives up.</summary>
    private const int Attempts = 100;

    private readonly GeneratorOptions _options;
    private readonly RecordWriter _writer;
    private readonly GeneratedRecordCheck _check;

    /// <exception cref="ArgumentException">The schema is not JSON, not an object schema, or uses a feature the generator cannot honour.</exception>
    public RecordGenerator(ReadOnlySpan<byte> schemaJson, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var root = ParseRoot(schemaJson);
        _check = new GeneratedRecordCheck(schemaJson, options);
        _writer = options.Format switch
        {
            RecordFormat.JsonLines => new JsonLinesWriter(root, options.IncludeOptional),
            RecordFormat.Csv => new CsvWriter(root, options.IncludeOptional, options.Delimiter),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown record format."),
        };
    }

    /// <summary>
    /// Writes <paramref name="records"/> records (after a header row for CSV) to <paramref name="output"/>,
    /// then flushes it. The stream is left open. Each call starts again from the seed.
    /// </summary>
    public GenerationSummary Write(Stream output, long records)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(records);

        // Separate streams: which records are invalid depends only on the seed and rate (never on the schema),
        // and a lower rate's invalid records are a subset of a higher rate's for the same seed.
        var seeds = new SplitMix64((ulong)(uint)_options.Seed);
        var values = new SplitMix64(seeds.NextUInt64());
        var selection = new SplitMix64(seeds.NextUInt64());
        var chooser = new SplitMix64(seeds.NextUInt64());
        var rate = _options.InvalidRate;
        var buffer = new OutputBuffer(output);
        _writer.WriteHeader(buffer);
        _check.UseHeader(WithoutLineEnd(buffer.Slice(0)));

        long invalid = 0;
        for (long i = 0; i < records; i++)
        {
            Corruption? corruption = null;
            if (rate > 0 && selection.NextDouble() < rate)
            {
                corruption = _writer.Plan.Pick(ref chooser);
                invalid++;
            }

            WriteChecked(buffer, i, ref values, corruption, ref chooser);
            buffer.FlushIfFull();
        }

        buffer.Flush();
        output.Flush();
        return new GenerationSummary(records, invalid, buffer.Flushed);
    }

    /// <summary>
    /// Writes record <paramref name="index"/> and has the validator judge it: a valid one that it rejects is generated
    /// again (new values), a corrupted one that it accepts is an error, so the labels always hold.
    /// </summary>
    private void WriteChecked(OutputBuffer buffer, long index, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser)
    {
        int start = buffer.Position;
        string? reason = null;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            buffer.Truncate(start);
            _writer.WriteRecord(buffer, ref values, corruption, ref chooser);
            reason = _check.Reject(WithoutLineEnd(buffer.Slice(start)));
            if (corruption is not null && reason is null)
            {
                throw new InvalidOperationException(
                    $"generate: record {index + 1} was corrupted ({corruption.Value.Kind}) to be rejected, but the validator accepts it (seed {_options.Seed})");
            }

            if (corruption is not null || reason is null)
            {
                return;
            }
        }

        throw new InvalidOperationException(
            $"generate: record {index + 1}: {Attempts} generated candidates were all rejected by the schema (seed {_options.Seed}); " +
            $"the last because {reason}. The schema constrains values in a way the generator cannot honour");
    }

    private static ReadOnlySpan<byte> WithoutLineEnd(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\n' ? line[..^1] : line;

    private static SchemaNode ParseRoot(ReadOnlySpan<byte> schemaJson)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(schemaJson, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The schema is not valid JSON: {ex.Message}", nameof(schemaJson), ex);
        }

        using (document)
        {
            var root = SchemaParser.Parse(document.RootElement, "$");
            if (root.Kinds != JsonKinds.Object || root.Enum is not null)
            {
                throw new ArgumentException("Cannot generate data for the schema at $: records must be declared as \"type\": \"object\".");
            }

            return root;
        }
    }
}
