using System.Security.Cryptography;
using System.Text;

namespace HybridBatch.Core.Storage;

/// <summary>
/// Derives a run id from an object's identity (bucket, key, version), so the same object always gets the
/// same run id (a re-run is recognised, a retried chunk republishes the same record identities) and a new
/// version of it gets a new one.
/// </summary>
public static class RunId
{
    private const int StemLength = 24;

    public static string Derive(ObjectInfo info)
    {
        string identity = $"{info.Location.Bucket}\n{info.Location.Key}\n{info.Version}";
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return $"{Stem(info.Location.Key)}-{Convert.ToHexStringLower(hash, 0, 6)}";
    }

    /// <summary>
    /// The run id of a later attempt at the same object (<c>hybridbatch run --force</c>): <c>{runId}-a{attempt}</c>; the
    /// first attempt keeps the plain id. A new id, so nothing an earlier attempt stored (results, checkpoints, Kafka
    /// completion records) answers for the new one, and its records carry their own identities.
    /// </summary>
    public static string ForAttempt(string runId, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return attempt == 1 ? runId : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runId}-a{attempt}");
    }

    // A readable prefix from the file name: folders in S3 listings and Batch job names stay recognisable.
    private static string Stem(string key)
    {
        string name = key[(key.LastIndexOf('/') + 1)..];
        int dot = name.IndexOf('.');
        if (dot > 0)
        {
            name = name[..dot];
        }

        var stem = new StringBuilder(StemLength);
        foreach (char c in name.ToLowerInvariant())
        {
            if (stem.Length == StemLength)
            {
                break;
            }

            stem.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return stem.Length == 0 ? "run" : stem.ToString().Trim('-') is { Length: > 0 } trimmed ? trimmed : "run";
    }
}
