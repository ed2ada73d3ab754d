using System.Globalization;
using System.Text;

namespace HybridBatch.Core.Batch;

/// <summary>
/// How a chunk's Batch job is named and tagged. The name makes the job easy to find in the console; the tags
/// are what identifies it, since a long or unusual run id has to be shortened or rewritten to fit a job name.
/// </summary>
public static class ChunkJobNaming
{
    /// <summary>Batch's limit on job names.</summary>
    public const int MaxJobNameLength = 128;

    public const string RunTag = "hybridbatch:run";

    public const string ChunkTag = "hybridbatch:chunk";

    /// <summary>
    /// <c>hb-{runId}-c{chunkId:D5}</c>, with every character Batch does not allow in a name (anything but
    /// letters, digits, <c>-</c> and <c>_</c>) replaced by <c>_</c> and the run id shortened so the name
    /// stays within 128 characters; the chunk suffix is never cut.
    /// </summary>
    public static string JobName(string runId, int chunkId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkId);
        string suffix = string.Create(CultureInfo.InvariantCulture, $"-c{chunkId:D5}");
        int room = MaxJobNameLength - "hb-".Length - suffix.Length;
        var name = new StringBuilder(MaxJobNameLength).Append("hb-");
        foreach (char c in runId.AsSpan(0, Math.Min(runId.Length, room)))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return name.Append(suffix).ToString();
    }

    /// <summary>The tags that say which run and chunk a job belongs to.</summary>
    public static IReadOnlyDictionary<string, string> Tags(string runId, int chunkId) => new Dictionary<string, string>
    {
        [RunTag] = runId,
        [ChunkTag] = chunkId.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>True when the job's tags name this run and chunk.</summary>
    public static bool BelongsTo(IReadOnlyDictionary<string, string> tags, string runId, int chunkId) =>
        tags.TryGetValue(RunTag, out string? run) && run == runId
        && tags.TryGetValue(ChunkTag, out string? chunk) && chunk == chunkId.ToString(CultureInfo.InvariantCulture);
}
