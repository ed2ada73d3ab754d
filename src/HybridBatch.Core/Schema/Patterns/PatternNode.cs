namespace HybridBatch.Core.Schema;

/// <summary>
/// A parsed ECMA-262 (<c>u</c> flag) pattern. One tree feeds both matchers, the byte-level
/// <see cref="SimplePattern"/> and the .NET regex written by <see cref="PatternSyntax"/>, so they cannot disagree
/// on what the pattern says.
/// </summary>
internal abstract record PatternNode;

/// <summary><c>a|b|c</c>.</summary>
internal sealed record AlternationNode(IReadOnlyList<PatternNode> Branches) : PatternNode;

/// <summary>Terms one after the other (possibly none).</summary>
internal sealed record SequenceNode(IReadOnlyList<PatternNode> Terms) : PatternNode;

/// <summary>One code point from a set: a literal, <c>.</c>, an escape such as <c>\d</c>, or a class.</summary>
internal sealed record CharSetNode(CodePointSet Set) : PatternNode;

/// <summary><c>(…)</c> with its capture number (1-based, left to right, named groups included), or <c>(?:…)</c> with null.</summary>
internal sealed record GroupNode(PatternNode Body, int? Capture) : PatternNode;

/// <summary><c>(?=…)</c>, <c>(?!…)</c>, <c>(?&lt;=…)</c>, <c>(?&lt;!…)</c>.</summary>
internal sealed record LookaroundNode(PatternNode Body, bool Behind, bool Negated) : PatternNode;

/// <summary>An atom with a quantifier; <see cref="Max"/> is null when unbounded.</summary>
internal sealed record QuantifiedNode(PatternNode Atom, int Min, int? Max, bool Lazy) : PatternNode;

/// <summary><c>\1</c> or <c>\k&lt;name&gt;</c>, resolved to the group's number.</summary>
internal sealed record BackreferenceNode(int Group) : PatternNode;

internal enum AnchorKind
{
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

/// <summary><c>^</c>, <c>$</c>, <c>\b</c>, <c>\B</c> (no <c>m</c> flag: <c>^</c>/<c>$</c> are the ends of the string).</summary>
internal sealed record AnchorNode(AnchorKind Kind) : PatternNode;
