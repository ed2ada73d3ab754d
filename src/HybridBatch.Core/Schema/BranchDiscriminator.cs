using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Tells <c>oneOf</c> branches apart by one property whose value each branch fixes with a string <c>const</c>
/// (<c>"kind": {"const": "card"}</c>, the usual shape of a tagged union). An object whose tag is a different string
/// fails that branch's <c>properties</c> for certain, so <see cref="CompoundValidator"/> walks only the branches
/// the tag leaves. It is only a shortcut to the same verdict: when the walked branches do not give exactly one
/// match, every branch is evaluated as without it, so rejects word every branch's reason as before.
/// </summary>
internal sealed class BranchDiscriminator
{
    private readonly byte[] _utf8Name;

    /// <summary>Per branch, the tag value it requires; null where the branch fixes none (it is always walked).</summary>
    private readonly byte[]?[] _tags;

    /// <summary>
    /// The first member as a compact record writes it up to its value's first byte (<c>"kind":"</c>), and per branch its
    /// tag with the closing quote (<c>card"</c>): set when every branch fixes a tag, no two alike, none with a quote or
    /// backslash, so the tag's branch is found by comparing bytes where the tag stands (<see cref="FirstMemberBranch"/>).
    /// </summary>
    private readonly byte[]? _compactPrefix;

    private readonly byte[][]? _quotedTags;

    private BranchDiscriminator(byte[] utf8Name, byte[]?[] tags, SchemaNode[] branchNodes)
    {
        _utf8Name = utf8Name;
        _tags = tags;
        BranchNodes = branchNodes;

        // A name that JSON must escape is never written as its plain bytes, so reading it raw could not find it.
        FirstMemberReadable = utf8Name.AsSpan().IndexOfAny("\\\""u8) < 0 && !utf8Name.Any(b => b < 0x20);
        bool plainTags = tags.All(tag => tag is not null && tag.AsSpan().IndexOfAny("\\\""u8) < 0)
            && tags.Select(tag => Convert.ToHexString(tag!)).Distinct(StringComparer.Ordinal).Count() == tags.Length;
        if (FirstMemberReadable && plainTags)
        {
            _compactPrefix = [(byte)'"', .. utf8Name, (byte)'"', (byte)':', (byte)'"'];
            _quotedTags = tags.Select(tag => (byte[])[.. tag!, (byte)'"']).ToArray();
        }
    }

    /// <summary>Per branch, the schema it stands for once schemas that are only a <c>$ref</c> are stepped through.</summary>
    public SchemaNode[] BranchNodes { get; }

    /// <summary>True when <see cref="TryReadFirstMemberTag"/> can find the property written plainly.</summary>
    public bool FirstMemberReadable { get; }

    /// <summary>
    /// The discriminator of <paramref name="branches"/>, or null when fewer than two fix the same property. Call
    /// only for schemas whose patterns cannot time out: a skipped branch must fail for certain, not maybe.
    /// </summary>
    public static BranchDiscriminator? For(SchemaBranch[] branches)
    {
        var constsByName = new Dictionary<string, byte[]?[]>(StringComparer.Ordinal);
        for (int i = 0; i < branches.Length; i++)
        {
            if (CompoundValidator.StepThroughReferences(branches[i].Node).Properties is not { } table)
            {
                continue;
            }

            for (int p = 0; p < table.Count; p++)
            {
                if (table.Nodes[p]?.Const is { Kind: JsonValueKind.String } tag)
                {
                    if (!constsByName.TryGetValue(table.Names[p], out byte[]?[]? tags))
                    {
                        constsByName[table.Names[p]] = tags = new byte[]?[branches.Length];
                    }

                    tags[i] = tag.Utf8;
                }
            }
        }

        string? bestName = null;
        int bestCount = 1;
        foreach ((string name, byte[]?[] tags) in constsByName)
        {
            int count = tags.Count(tag => tag is not null);
            if (count > bestCount)
            {
                (bestName, bestCount) = (name, count);
            }
        }

        return bestName is null
            ? null
            : new BranchDiscriminator(System.Text.Encoding.UTF8.GetBytes(bestName), constsByName[bestName], [.. branches.Select(b => CompoundValidator.StepThroughReferences(b.Node))]);
    }

    /// <summary>
    /// The object's tag: the content of the property's string value when written without escapes (so its bytes are
    /// its text). False when the property is absent or written otherwise: then nothing is excluded.
    /// </summary>
    public bool TryFindTag(ReadOnlySpan<byte> value, List<JsonMember> members, out Range tag)
    {
        foreach (JsonMember member in members)
        {
            if (!member.Utf8Name(value).SequenceEqual(_utf8Name))
            {
                continue;
            }

            ReadOnlySpan<byte> token = value[member.Value];
            if (token[0] == (byte)'"' && token.IndexOf((byte)'\\') < 0)
            {
                tag = new Range(member.Value.Start.Value + 1, member.Value.End.Value - 1);
                return true;
            }

            break;
        }

        tag = default;
        return false;
    }

    /// <summary>
    /// The tag when the object <paramref name="json"/> (from its opening brace on, not yet checked) starts with the
    /// property, name and string value written without escapes; false otherwise, or when it looks malformed.
    /// Nothing is checked here: the caller walks the object anyway and only trusts the tag if that walk passes.
    /// </summary>
    public bool TryReadFirstMemberTag(ReadOnlySpan<byte> json, out Range tag)
    {
        tag = default;
        int pos = JsonSyntax.SkipWhitespace(json, 1);
        int nameEnd = pos + 1 + _utf8Name.Length;
        if (nameEnd >= json.Length || json[pos] != (byte)'"' || json[nameEnd] != (byte)'"'
            || !json[(pos + 1)..nameEnd].SequenceEqual(_utf8Name))
        {
            return false;
        }

        pos = JsonSyntax.SkipWhitespace(json, nameEnd + 1);
        if (pos >= json.Length || json[pos] != (byte)':')
        {
            return false;
        }

        pos = JsonSyntax.SkipWhitespace(json, pos + 1);
        if (pos >= json.Length || json[pos] != (byte)'"')
        {
            return false;
        }

        int end = json[(pos + 1)..].IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || json[pos + 1 + end] != (byte)'"')
        {
            return false;
        }

        tag = new Range(pos + 1, pos + 1 + end);
        return true;
    }

    /// <summary>
    /// <see cref="OnlyCandidate"/> of the tag <see cref="TryReadFirstMemberTag"/> reads from <paramref name="json"/>, or
    /// -1 where it reads none. A compact first member is matched against each branch's tag in place, without finding
    /// the tag's end first; any other shape is read as <see cref="TryReadFirstMemberTag"/> reads it.
    /// </summary>
    public int FirstMemberBranch(ReadOnlySpan<byte> json)
    {
        if (_quotedTags is not null && json.Length > 1 && json[1..].StartsWith(_compactPrefix))
        {
            // No tag holds a quote, so the one that ends where a quote stands is the whole tag, and tags are distinct:
            // the first branch found is the only candidate; none found, every branch fixes another tag.
            ReadOnlySpan<byte> value = json[(1 + _compactPrefix!.Length)..];
            for (int i = 0; i < _quotedTags.Length; i++)
            {
                if (value.StartsWith(_quotedTags[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        return TryReadFirstMemberTag(json, out Range tag) ? OnlyCandidate(json[tag]) : -1;
    }

    /// <summary>The one branch an object with this tag may match (every other fixes a different tag), or -1.</summary>
    public int OnlyCandidate(ReadOnlySpan<byte> tag)
    {
        int candidate = -1;
        for (int i = 0; i < _tags.Length; i++)
        {
            if (Excludes(i, tag))
            {
                continue;
            }

            if (candidate >= 0)
            {
                return -1;
            }

            candidate = i;
        }

        return candidate;
    }

    /// <summary>True when branch <paramref name="branch"/> fails for certain on an object with this tag.</summary>
    public bool Excludes(int branch, ReadOnlySpan<byte> tag) => _tags[branch] is { } required && !tag.SequenceEqual(required);
}
