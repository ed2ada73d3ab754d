using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// MessageGroupId and MessageDeduplicationId for FIFO queues. Both allow at most 128 characters of printable
/// ASCII; anything else is replaced by its SHA-256, so a record never fails for the shape of its ids.
/// </summary>
internal static class FifoIds
{
    private const int MaxLength = 128;

    /// <summary>
    /// The record identity <c>{runId}:{recordIndex}</c>, the same on every attempt of its chunk. Run ids are at most
    /// 37 characters of <c>[a-z0-9-]</c> (<see cref="Core.Storage.RunId"/>), so the identity fits SQS's id rules as it is.
    /// </summary>
    public static string Identity(string runId, long recordIndex) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runId}:{recordIndex}");

    /// <summary>
    /// The FIFO deduplication id: the record identity, or its SHA-256 should a run id ever be too long or hold a
    /// character SQS refuses (ids allow 128 characters of letters, digits and ASCII punctuation). SQS drops a message
    /// whose deduplication id it accepted within the last 5 minutes only: a chunk retried sooner is deduplicated, one
    /// retried later (after backoff, a Batch requeue or a rerun) is published again, which is why every message also
    /// carries the identity as an attribute for consumers to drop duplicates by.
    /// </summary>
    public static string DeduplicationId(string runId, long recordIndex) => Safe(Identity(runId, recordIndex));

    /// <summary>The value of a top-level field of the record, or null when it is missing, null, an object or an array.</summary>
    public static string? GroupFromField(ReadOnlySpan<byte> recordJson, ReadOnlySpan<byte> fieldUtf8)
    {
        var reader = new Utf8JsonReader(recordJson, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool match = reader.ValueTextEquals(fieldUtf8);
                reader.Read();
                if (match)
                {
                    string? value = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    return string.IsNullOrEmpty(value) ? null : Safe(value);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The split validated the record; should it still not parse, the chunk's group is used.
        }

        return null;
    }

    public static string Safe(string id)
    {
        if (id.Length <= MaxLength && id.All(c => c is >= '!' and <= '~'))
        {
            return id;
        }

        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }
}
