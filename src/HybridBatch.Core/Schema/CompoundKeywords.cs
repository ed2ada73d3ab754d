namespace HybridBatch.Core.Schema;

/// <summary>
/// The keywords of one schema that look at a value as a whole rather than token by token: the applicators,
/// <c>$ref</c>, and the checks that need a member count, the set of names or a second look at members. They run
/// after the one-pass walk has checked the value's own bytes and local keywords, over that value's span of the
/// record (no copy, no DOM): each subschema walks the same bytes again. Null on a node that has none, so schemas
/// without them (the orders schema) pay one null check per value. Filled in by the compiler while it reads the
/// schema's keywords, then only read.
/// </summary>
internal sealed class CompoundKeywords
{
    public SchemaReference? Ref { get; set; }

    /// <summary>True when the schema is nothing but a <c>$ref</c> (annotations aside), so an applicator may step through it.</summary>
    public bool RefOnly { get; set; }

    public SchemaBranch[]? AllOf { get; set; }

    public SchemaBranch[]? AnyOf { get; set; }

    public SchemaBranch[]? OneOf { get; set; }

    /// <summary>Set after compiling when the <see cref="OneOf"/> branches are a tagged union (see <see cref="BranchDiscriminator"/>).</summary>
    public BranchDiscriminator? OneOfDiscriminator { get; set; }

    public SchemaBranch? Not { get; set; }

    public SchemaBranch? If { get; set; }

    public SchemaBranch? Then { get; set; }

    public SchemaBranch? Else { get; set; }

    public SchemaBranch[]? DependentSchemas { get; set; }

    /// <summary>The property name each <see cref="DependentSchemas"/> entry depends on, by index.</summary>
    public string[]? DependentSchemaNames { get; set; }

    public DependentRequirement[]? DependentRequired { get; set; }

    public PatternProperty[]? PatternProperties { get; set; }

    /// <summary>
    /// With <c>patternProperties</c>, <c>additionalProperties</c> applies only to names neither <c>properties</c>
    /// nor a pattern matched, so it is checked here and the walk itself lets every name through. Null when absent.
    /// </summary>
    public SchemaNode? AdditionalBesidePatterns { get; set; }

    public SchemaBranch? PropertyNames { get; set; }

    public int MinProperties { get; set; } = -1;

    public int MaxProperties { get; set; } = -1;

    /// <summary><c>prefixItems</c>; the walk applies them, by position, before <c>items</c>.</summary>
    public SchemaNode[]? PrefixItems { get; set; }

    public SchemaBranch? Contains { get; set; }

    public int MinContains { get; set; } = 1;

    public int MaxContains { get; set; } = -1;

    public bool UniqueItems { get; set; }

    public NumericBound? MultipleOf { get; set; }

    public SchemaBranch? UnevaluatedProperties { get; set; }

    public SchemaBranch? UnevaluatedItems { get; set; }

    /// <summary>True when the compiler set nothing, so the node needs no compound pass at all.</summary>
    public bool IsEmpty => !HasInPlace && Not is null && PatternProperties is null && AdditionalBesidePatterns is null
        && PropertyNames is null && MinProperties < 0 && MaxProperties < 0 && DependentRequired is null && PrefixItems is null
        && Contains is null && !UniqueItems && MultipleOf is null && UnevaluatedProperties is null && UnevaluatedItems is null;

    /// <summary>True when unevaluated* must know what this schema's in-place subschemas evaluated.</summary>
    public bool HasInPlace => Ref is not null || AllOf is not null || AnyOf is not null || OneOf is not null || If is not null
        || DependentSchemas is not null;
}
