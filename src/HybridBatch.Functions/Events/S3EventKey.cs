using System.Text;
using HybridBatch.Core.Storage;

namespace HybridBatch.Functions.Events;

/// <summary>
/// The object an S3 event's <c>detail.object.key</c> names. S3 documents the keys of its event notifications as
/// URL-encoded, form style (<c>red flower.jpg</c> arrives as <c>red+flower.jpg</c>), and Powertools form-decodes
/// the EventBridge key too; so the key is form-decoded as UTF-8. Should a delivery carry the key as it is, the
/// decoded key names another object or none: when the decoded key does not exist and the raw one does, the raw
/// one is the object. This is the one place the rule lives.
/// </summary>
internal static class S3EventKey
{
    // Throws on invalid bytes instead of replacing them with U+FFFD, which would name an object nobody wrote.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The object in <paramref name="bucket"/> the event key <paramref name="raw"/> means: the decoded key, unless
    /// it does not exist while the raw key does (one HEAD for each candidate, none when decoding changes nothing).
    /// When neither exists, the decoded key, so the missing object is reported under the name S3 meant.
    /// </summary>
    public static async Task<string> ResolveAsync(IObjectStore store, string bucket, string raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        string? decoded = Decode(raw);
        if (decoded is null || decoded == raw)
        {
            return raw;
        }

        if (await store.StatAsync(new ObjectLocation(bucket, decoded), cancellationToken).ConfigureAwait(false) is not null)
        {
            return decoded;
        }

        return await store.StatAsync(new ObjectLocation(bucket, raw), cancellationToken).ConfigureAwait(false) is not null ? raw : decoded;
    }

    /// <summary>
    /// Form-decodes a key: <c>+</c> is a space, <c>%XX</c> a byte, and the bytes are UTF-8. Null when
    /// <paramref name="raw"/> is not such an encoding (a <c>%</c> without two hex digits, bytes that are not UTF-8):
    /// then it can only be a key given as it is.
    /// </summary>
    public static string? Decode(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.AsSpan().IndexOfAny('+', '%') < 0)
        {
            return raw;
        }

        byte[] encoded = Encoding.UTF8.GetBytes(raw);
        var bytes = new byte[encoded.Length];
        int length = 0;
        for (int i = 0; i < encoded.Length; i++)
        {
            byte b = encoded[i];
            if (b == (byte)'+')
            {
                bytes[length++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= encoded.Length || HexValue(encoded[i + 1]) is not int high || HexValue(encoded[i + 2]) is not int low)
                {
                    return null;
                }

                bytes[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                bytes[length++] = b;
            }
        }

        try
        {
            return s_strictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int? HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => null,
    };
}
