using System.Text;

namespace HybridBatch.Adapters.Signing;

/// <summary>The canonical pieces of a SigV4 canonical request: path, query and headers.</summary>
internal static class SigV4Canonical
{
    /// <summary>
    /// The path as it goes on the wire: each segment re-encoded to RFC 3986, so what is sent is exactly what
    /// was signed whatever escaping the caller's <see cref="Uri"/> happened to use.
    /// </summary>
    public static string WirePath(Uri uri)
    {
        string path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(SigV4Encoding.Reencode));
    }

    /// <summary>
    /// S3 signs the wire path as it is (keys may contain <c>//</c> or dots). Every other service signs the path with
    /// empty and dot segments removed and encoded a second time, which is why a <c>%20</c> is signed as <c>%2520</c>.
    /// </summary>
    public static string CanonicalPath(string wirePath, bool s3Rules)
    {
        if (s3Rules)
        {
            return wirePath;
        }

        var kept = new List<string>();
        foreach (string segment in wirePath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                continue;
            }

            kept.Add(SigV4Encoding.Encode(segment));
        }

        string trailing = kept.Count > 0 && wirePath.EndsWith('/') ? "/" : "";
        return "/" + string.Join('/', kept) + trailing;
    }

    /// <summary>Query parameters in their original order, names and values re-encoded to RFC 3986 (a <c>+</c> is a plus, not a space).</summary>
    public static List<KeyValuePair<string, string>> WireQuery(Uri uri)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        string query = uri.Query.StartsWith('?') ? uri.Query[1..] : uri.Query;
        foreach (string pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            int equals = pair.IndexOf('=');
            string name = equals < 0 ? pair : pair[..equals];
            string value = equals < 0 ? "" : pair[(equals + 1)..];
            parameters.Add(new(SigV4Encoding.Reencode(name), SigV4Encoding.Reencode(value)));
        }

        return parameters;
    }

    public static string JoinQuery(IEnumerable<KeyValuePair<string, string>> encoded) =>
        string.Join('&', encoded.Select(p => p.Key + "=" + p.Value));

    /// <summary>Sorted by encoded name, then by encoded value for repeated names, in ordinal (byte) order.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> encoded) =>
        JoinQuery(encoded.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal));

    /// <summary>Lower-cased names in ordinal order, values trimmed with inner whitespace runs collapsed, repeats comma-joined.</summary>
    public static (string Canonical, string SignedHeaders) Headers(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> header in headers)
        {
            string name = header.Key.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(name, out List<string>? values))
            {
                values = [];
                byName.Add(name, values);
            }

            values.Add(TrimAll(header.Value));
        }

        var canonical = new StringBuilder();
        foreach ((string name, List<string> values) in byName)
        {
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    public static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        bool pendingSpace = false;
        foreach (char c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static string Host(Uri uri) => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
}
