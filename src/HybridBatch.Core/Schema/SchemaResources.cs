using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The identifiers inside one schema document (<c>$id</c> resources and <c>$anchor</c>s) and the base URI at each
/// schema location, found before compiling so a <c>$ref</c> can resolve to any of them, wherever it stands.
/// Everything is resolved to a location in this document (<c>#/$defs/a</c>); a reference that leaves the document
/// is refused, because loading other documents is not supported.
/// </summary>
internal sealed class SchemaResources
{
    /// <summary>The base of a document without <c>$id</c>: any hierarchical URI works, relative references resolve against it.</summary>
    public const string DefaultBase = "https://hybridbatch.invalid/schema.json";

    /// <summary>Keywords whose value is one schema, an array of schemas, or an object of schemas.</summary>
    private static readonly string[] _singleSchema =
        ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties"];

    private static readonly string[] _schemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"];

    private static readonly string[] _schemaObjects = ["properties", "patternProperties", "$defs", "dependentSchemas"];

    private readonly JsonElement _root;
    private readonly Dictionary<string, string> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _baseAt = new(StringComparer.Ordinal);

    private SchemaResources(JsonElement root)
    {
        _root = root;
    }

    public static SchemaResources Scan(JsonElement root)
    {
        var resources = new SchemaResources(root);
        resources._resources[DefaultBase] = "#";
        resources.Walk(root, "#", DefaultBase);
        return resources;
    }

    /// <summary>The base URI in force at schema location <paramref name="path"/>.</summary>
    public string BaseAt(string path)
    {
        string probe = path;
        while (true)
        {
            if (_baseAt.TryGetValue(probe, out string? found))
            {
                return found;
            }

            int slash = probe.LastIndexOf('/');
            if (slash < 0)
            {
                return DefaultBase;
            }

            probe = probe[..slash];
        }
    }

    /// <summary>
    /// Resolves <paramref name="reference"/> (a <c>$ref</c> value) written where <paramref name="baseUri"/> is in
    /// force to a location in this document; null with <paramref name="problem"/> saying why when it cannot.
    /// </summary>
    public string? Resolve(string reference, string baseUri, out string problem)
    {
        problem = "";
        int hash = reference.IndexOf('#', StringComparison.Ordinal);
        string uriPart = hash < 0 ? reference : reference[..hash];
        string fragment = hash < 0 ? "" : reference[(hash + 1)..];
        string? document = uriPart.Length == 0 ? baseUri : Combine(baseUri, uriPart);
        if (document is null || !_resources.TryGetValue(document, out string? resourcePath))
        {
            problem = $"'$ref' to another document ('{document ?? uriPart}') is not supported: only references inside this schema document ($defs, $anchor, $id, JSON pointers) are";
            return null;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(fragment);
        }
        catch (UriFormatException)
        {
            problem = $"'$ref' fragment '{fragment}' is not valid percent-encoding";
            return null;
        }

        if (decoded.Length == 0)
        {
            return resourcePath;
        }

        if (decoded[0] != '/')
        {
            if (_anchors.TryGetValue(document + "#" + decoded, out string? anchored))
            {
                return anchored;
            }

            problem = $"'$ref' names no $anchor '{decoded}' in this document";
            return null;
        }

        string path = resourcePath;
        foreach (string token in decoded[1..].Split('/'))
        {
            path += "/" + SchemaPointer.Escape(SchemaPointer.Unescape(token));
        }

        if (ElementAt(path) is null)
        {
            problem = $"'$ref' points at {path}, which does not exist";
            return null;
        }

        return path;
    }

    /// <summary>The JSON value at document location <paramref name="path"/> (<c>#/a/0</c>), or null when there is none.</summary>
    public JsonElement? ElementAt(string path)
    {
        JsonElement current = _root;
        if (path == "#")
        {
            return current;
        }

        foreach (string escaped in path[2..].Split('/'))
        {
            string token = SchemaPointer.Unescape(escaped);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out JsonElement member))
            {
                current = member;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
                && index < current.GetArrayLength() && (token == "0" || token[0] != '0'))
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private void Walk(JsonElement schema, string path, string baseUri)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$id", out JsonElement id) && id.ValueKind == JsonValueKind.String)
        {
            string text = id.GetString()!;
            int hash = text.IndexOf('#', StringComparison.Ordinal);
            string? resolved = Combine(baseUri, hash < 0 ? text : text[..hash]);
            if (resolved is not null)
            {
                baseUri = resolved;
                _resources.TryAdd(baseUri, path);
            }
        }

        if (schema.TryGetProperty("$anchor", out JsonElement anchor) && anchor.ValueKind == JsonValueKind.String)
        {
            _anchors.TryAdd(baseUri + "#" + anchor.GetString(), path);
        }

        _baseAt[path] = baseUri;
        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            string keywordPath = path + "/" + SchemaPointer.Escape(keyword.Name);
            if (Array.IndexOf(_singleSchema, keyword.Name) >= 0)
            {
                Walk(keyword.Value, keywordPath, baseUri);
            }
            else if (Array.IndexOf(_schemaArrays, keyword.Name) >= 0 && keyword.Value.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement member in keyword.Value.EnumerateArray())
                {
                    Walk(member, keywordPath + "/" + index++, baseUri);
                }
            }
            else if (Array.IndexOf(_schemaObjects, keyword.Name) >= 0 && keyword.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty member in keyword.Value.EnumerateObject())
                {
                    Walk(member.Value, keywordPath + "/" + SchemaPointer.Escape(member.Name), baseUri);
                }
            }
        }
    }

    /// <summary>
    /// Resolves a URI reference (no fragment) against a base, RFC 3986 style; null when the base cannot take a
    /// relative reference (a URN). The result is normalized so equal URIs are equal strings.
    /// </summary>
    private static string? Combine(string baseUri, string reference)
    {
        // Only a scheme makes a reference absolute: .NET would also take "/a/b.json" as an absolute file path.
        if (HasScheme(reference) && Uri.TryCreate(reference, UriKind.Absolute, out Uri? absolute))
        {
            return Normalize(absolute, reference);
        }

        if (Uri.TryCreate(baseUri, UriKind.Absolute, out Uri? parent) && !parent.IsUnc
            && parent.Scheme is "http" or "https" or "file" && Uri.TryCreate(parent, reference, out Uri? combined))
        {
            return Normalize(combined, reference);
        }

        return null;
    }

    private static bool HasScheme(string reference)
    {
        int colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(reference[0]))
        {
            return false;
        }

        foreach (char c in reference.AsSpan(1, colon - 1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Normalize(Uri uri, string written)
    {
        try
        {
            return uri.Scheme is "http" or "https" or "file" ? uri.GetLeftPart(UriPartial.Query) : written.TrimEnd('#');
        }
        catch (InvalidOperationException)
        {
            return written;
        }
    }
}
