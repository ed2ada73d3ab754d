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
    /// <summary>The walk remembers which patterns a name matched in one 64-bit word.</summary>
    public const int MaxPatternsInWalk = 64;

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

    /// <summary>
    /// When <see cref="MultipleOf"/> is 10^−k with k ≥ 0 (0.01, 1): k, so a plain number is judged by its fraction
    /// digits alone (<see cref="ExactMultiple.TryPowerOfTen"/>); -1 otherwise. Set by <see cref="PlanWalk"/>; tests
    /// set it to -1 to compare with the arithmetic paths.
    /// </summary>
    public int MultipleOfFractionDigits { get; set; } = -1;

    public SchemaBranch? UnevaluatedProperties { get; set; }

    public SchemaBranch? UnevaluatedItems { get; set; }

    /// <summary>
    /// True when, for an object, this node's only whole-value keywords are <c>patternProperties</c>,
    /// <c>additionalProperties</c> beside them and <c>unevaluatedProperties</c> (no in-place applicator), so the walk
    /// evaluates them member by member as it passes (<see cref="ObjectKeywordsInWalk"/>) instead of listing the
    /// object again afterwards. Set by <see cref="PlanWalk"/>; tests clear it to compare with the general pass.
    /// </summary>
    public bool ObjectKeywordsInWalk { get; set; }

    /// <summary>
    /// True when the node is only a <c>$ref</c>: the walk then validates a scalar with the target directly (a
    /// scalar's bytes are scanned before any check, so the verdict and reason are those of the separate pass).
    /// Set by <see cref="PlanWalk"/>; tests clear it to compare with the general pass.
    /// </summary>
    public bool ReferenceInWalk { get; set; }

    /// <summary>
    /// True when the node is a tagged-union <c>oneOf</c> (<see cref="OneOfDiscriminator"/>), perhaps with
    /// <c>unevaluatedProperties</c>, and nothing else that looks at an object: the walk then reads the tag from an
    /// object's first member and walks the object once with the one branch the tag leaves. Only a pass is taken
    /// from that walk; anything else goes back to the general pass, which words the reasons. Set by
    /// <see cref="PlanTaggedUnion"/>; tests clear it to compare with the general pass.
    /// </summary>
    public bool TaggedUnionInWalk { get; set; }

    /// <summary>
    /// True while the tagged-union walk may skip the listing of an object's members for <c>unevaluatedProperties</c>
    /// when the chosen branch has no applicators and the walk met no member its <c>properties</c> did not list (see
    /// <c>JsonRecordValidator.TryValidateTaggedBranch</c>). On with <see cref="TaggedUnionInWalk"/>; tests clear it.
    /// </summary>
    public bool ListedMembersInTaggedBranch { get; set; } = true;

    /// <summary>
    /// For the node's <c>properties</c> names, by their index in its table, the <see cref="PatternProperties"/> each
    /// matches (bit p for pattern p): those names are fixed, so the walk need not match them again per record. Null
    /// when the walk does not evaluate patterns (<see cref="PlanListedPatternHits"/>); tests clear it.
    /// </summary>
    public ulong[]? ListedPatternHits { get; set; }

    /// <summary>Works out <see cref="ListedPatternHits"/> once the node's property table and patterns are known.</summary>
    public void PlanListedPatternHits(PropertyTable? table)
    {
        ListedPatternHits = ObjectKeywordsInWalk && PatternProperties is { } patterns && table is not null
            ? MemberEvaluation.ListedHits(patterns, table)
            : null;
    }

    /// <summary>Decides <see cref="TaggedUnionInWalk"/> once <see cref="OneOfDiscriminator"/> is known.</summary>
    public void PlanTaggedUnion(SchemaNode node)
    {
        // The node's own object keywords would be skipped by walking the branch instead: only a node without any qualifies.
        TaggedUnionInWalk = OneOfDiscriminator is { FirstMemberReadable: true } && Ref is null && AllOf is null && AnyOf is null
            && Not is null && If is null && DependentSchemas is null && DependentRequired is null && PatternProperties is null
            && AdditionalBesidePatterns is null && PropertyNames is null && MinProperties < 0 && MaxProperties < 0
            && !node.RejectsAll && node.Allows(JsonTypes.Object) && node.Properties is null && node.AdditionalAllowed
            && node.AdditionalSchema is null && !node.ListsValues;
    }

    /// <summary>
    /// True when <c>uniqueItems</c> (beside <c>prefixItems</c>, which the walk applies anyway) is the node's only
    /// whole-value keyword: the walk notes where a short list of plain strings stands and compares the items itself,
    /// and gives anything else to <see cref="CompoundValidator.CheckUniqueItems"/>. Tests clear it.
    /// </summary>
    public bool UniqueItemsInWalk { get; set; }

    /// <summary>True when <c>multipleOf</c> is the node's only whole-value keyword: checked on the number just walked. Tests clear it.</summary>
    public bool MultipleOfInWalk { get; set; }

    /// <summary>Decides which keywords the walk takes over (see the <c>…InWalk</c> flags).</summary>
    public void PlanWalk()
    {
        bool valueKeywordsOnly = !HasInPlace && Not is null && PatternProperties is null && AdditionalBesidePatterns is null
            && PropertyNames is null && MinProperties < 0 && MaxProperties < 0 && DependentRequired is null && Contains is null
            && UnevaluatedProperties is null && UnevaluatedItems is null;
        UniqueItemsInWalk = valueKeywordsOnly && UniqueItems && MultipleOf is null;
        MultipleOfInWalk = valueKeywordsOnly && MultipleOf is not null && !UniqueItems && PrefixItems is null;
        ObjectKeywordsInWalk = (PatternProperties is not null || AdditionalBesidePatterns is not null || UnevaluatedProperties is not null)
            && !HasInPlace && Not is null && PropertyNames is null && MinProperties < 0 && MaxProperties < 0 && DependentRequired is null
            && (PatternProperties?.Length ?? 0) <= MaxPatternsInWalk;
        ReferenceInWalk = RefOnly;
        MultipleOfFractionDigits = MultipleOf is { } divisor ? ExactMultiple.PowerOfTenFractionDigits(divisor) : -1;
    }

    /// <summary>True when the compiler set nothing, so the node needs no compound pass at all.</summary>
    public bool IsEmpty => !HasInPlace && Not is null && PatternProperties is null && AdditionalBesidePatterns is null
        && PropertyNames is null && MinProperties < 0 && MaxProperties < 0 && DependentRequired is null && PrefixItems is null
        && Contains is null && !UniqueItems && MultipleOf is null && UnevaluatedProperties is null && UnevaluatedItems is null;

    /// <summary>True when unevaluated* must know what this schema's in-place subschemas evaluated.</summary>
    public bool HasInPlace => Ref is not null || AllOf is not null || AnyOf is not null || OneOf is not null || If is not null
        || DependentSchemas is not null;
}
