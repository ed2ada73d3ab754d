using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The JSON types a CSV column's text may be read as when the schema declares them through applicators: a column's
/// <c>type</c> may sit behind a <c>$ref</c>, in <c>allOf</c> members, in every <c>anyOf</c>/<c>oneOf</c> branch, or
/// in a <c>patternProperties</c> entry. What this finds only decides how text is typed (as docs/formats.md's CSV mapping
/// reads a declared type); the validator still judges the whole row object against the whole schema.
/// </summary>
internal static class CsvColumnTypes
{
    /// <summary>Deeper than this, a chain of references is not followed further (the types stay unconstrained).</summary>
    private const int MaxDepth = 32;

    /// <summary>
    /// The declared types of property <paramref name="name"/> under <paramref name="root"/>; None when nothing declares
    /// them. <paramref name="named"/> says whether any subschema names the property (in <c>properties</c> or by a
    /// <c>patternProperties</c> pattern), so an untyped but constrained column is read as any scalar, not as text.
    /// </summary>
    public static JsonTypes Of(SchemaNode root, string name, out bool named)
    {
        var mentioned = new bool[1];
        JsonTypes types = PropertyTypes(root, name, Encoding.UTF8.GetBytes(name), 0, mentioned);
        named = mentioned[0];
        return types;
    }

    /// <summary>The types a value of <paramref name="node"/> is declared to have, through its in-place applicators.</summary>
    public static JsonTypes OfValue(SchemaNode node) => ValueTypes(node, 0);

    private static JsonTypes PropertyTypes(SchemaNode node, string name, byte[] utf8Name, int depth, bool[] mentioned)
    {
        if (depth > MaxDepth)
        {
            return JsonTypes.None;
        }

        JsonTypes types = JsonTypes.None;
        bool named = false;
        int index = node.Properties?.Find(name) ?? -1;
        if (index >= 0)
        {
            named = mentioned[0] = true;
            if (node.Properties!.Nodes[index] is { } property)
            {
                types = Intersect(types, ValueTypes(property, depth + 1));
            }
        }

        CompoundKeywords? compound = node.Compound;
        foreach (PatternProperty pattern in compound?.PatternProperties ?? [])
        {
            if (pattern.Matcher.CheckString(utf8Name) is null)
            {
                named = mentioned[0] = true;
                types = Intersect(types, ValueTypes(pattern.Schema.Node, depth + 1));
            }
        }

        if (!named && (compound?.AdditionalBesidePatterns ?? node.AdditionalSchema) is { } additional)
        {
            types = Intersect(types, ValueTypes(additional, depth + 1));
        }

        if (compound is null)
        {
            return types;
        }

        if (compound.Ref is { } reference)
        {
            types = Intersect(types, PropertyTypes(reference.Target, name, utf8Name, depth + 1, mentioned));
        }

        foreach (SchemaBranch member in compound.AllOf ?? [])
        {
            types = Intersect(types, PropertyTypes(member.Node, name, utf8Name, depth + 1, mentioned));
        }

        types = Intersect(types, UnionOfBranches(compound.AnyOf, b => PropertyTypes(b.Node, name, utf8Name, depth + 1, mentioned)));
        types = Intersect(types, UnionOfBranches(compound.OneOf, b => PropertyTypes(b.Node, name, utf8Name, depth + 1, mentioned)));

        // A row passing if/then/else passed then or else (a missing else allows anything); if, not and
        // dependentSchemas constrain nothing for certain, but a property they name is still a constrained column.
        if (compound.Then is not null && compound.Else is not null)
        {
            types = Intersect(types, UnionOfBranches([compound.Then, compound.Else], b => PropertyTypes(b.Node, name, utf8Name, depth + 1, mentioned)));
        }

        foreach (SchemaBranch conditional in new[] { compound.If, compound.Then, compound.Else, compound.Not }.OfType<SchemaBranch>().Concat(compound.DependentSchemas ?? []))
        {
            PropertyTypes(conditional.Node, name, utf8Name, depth + 1, mentioned);
        }

        return types;
    }

    private static JsonTypes ValueTypes(SchemaNode node, int depth)
    {
        if (depth > MaxDepth || node.Compound is not { } compound)
        {
            return node.Types;
        }

        JsonTypes types = node.Types;
        if (compound.Ref is { } reference)
        {
            types = Intersect(types, ValueTypes(reference.Target, depth + 1));
        }

        foreach (SchemaBranch member in compound.AllOf ?? [])
        {
            types = Intersect(types, ValueTypes(member.Node, depth + 1));
        }

        types = Intersect(types, UnionOfBranches(compound.AnyOf, b => ValueTypes(b.Node, depth + 1)));
        return Intersect(types, UnionOfBranches(compound.OneOf, b => ValueTypes(b.Node, depth + 1)));
    }

    /// <summary>A value passing one of the branches has one of their types; unconstrained if any branch is.</summary>
    private static JsonTypes UnionOfBranches(SchemaBranch[]? branches, Func<SchemaBranch, JsonTypes> typesOf)
    {
        if (branches is null)
        {
            return JsonTypes.None;
        }

        JsonTypes union = JsonTypes.None;
        foreach (SchemaBranch branch in branches)
        {
            JsonTypes types = typesOf(branch);
            if (types == JsonTypes.None)
            {
                return JsonTypes.None;
            }

            union |= types;
        }

        return union;
    }

    /// <summary>
    /// Both constraints at once; None is "unconstrained". Contradictory declarations (nothing in common) leave the
    /// column unconstrained, so the text is read as any scalar and the validator rejects it with the schema's reason.
    /// </summary>
    private static JsonTypes Intersect(JsonTypes a, JsonTypes b)
    {
        if (a == JsonTypes.None)
        {
            return b;
        }

        if (b == JsonTypes.None)
        {
            return a;
        }

        // "integer" is a kind of "number": an integer constraint on one side keeps integers of the other's numbers.
        JsonTypes common = Widen(a) & Widen(b);
        if ((a & JsonTypes.Number) == 0 || (b & JsonTypes.Number) == 0)
        {
            common &= ~JsonTypes.Number;
        }

        return common;
    }

    private static JsonTypes Widen(JsonTypes types) => (types & JsonTypes.Number) != 0 ? types | JsonTypes.Integer : types;

    /// <summary>The types as the schema's messages name them, for "expected …, got" rejects.</summary>
    public static string Describe(JsonTypes types)
    {
        var names = new List<string>();
        foreach ((JsonTypes type, string name) in new[]
        {
            (JsonTypes.Integer, "integer"), (JsonTypes.Number, "number"), (JsonTypes.String, "string"),
            (JsonTypes.Boolean, "boolean"), (JsonTypes.Null, "null"), (JsonTypes.Object, "object"), (JsonTypes.Array, "array"),
        })
        {
            if ((types & type) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(" or ", names);
    }
}
