using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The applicator, reference and whole-value keywords (everything <see cref="CompoundKeywords"/> holds), the
/// document-level steps (resolving <c>$ref</c>s once everything is compiled, refusing reference cycles that
/// never consume input), and the unknown-keyword list.
/// </summary>
internal sealed partial class SchemaCompiler
{
    /// <summary>Keywords this validator cannot honour; refused by name rather than treated as unknown annotations.</summary>
    private static readonly Dictionary<string, string> _refused = new(StringComparer.Ordinal)
    {
        ["$dynamicRef"] = "'$dynamicRef' is not supported (dynamic scope); use '$ref'",
        ["$dynamicAnchor"] = "'$dynamicAnchor' is not supported (dynamic scope); use '$anchor'",
        ["$vocabulary"] = "'$vocabulary' is not supported: the validator implements the 2020-12 vocabularies and cannot switch them",
        ["$recursiveRef"] = "'$recursiveRef' (draft 2019-09) is not supported; this validator reads draft 2020-12",
        ["$recursiveAnchor"] = "'$recursiveAnchor' (draft 2019-09) is not supported; this validator reads draft 2020-12",
    };

    private readonly bool _strictKeywords;
    private readonly Dictionary<string, SchemaNode> _compiled = new(StringComparer.Ordinal);
    private readonly List<SchemaReference> _references = [];
    private readonly List<string> _unknownKeywords = [];
    private SchemaResources? _resources;

    /// <summary>Locations of keywords the compiler did not know, taken as annotations (e.g. <c>#/properties/a/x-owner</c>).</summary>
    public IReadOnlyList<string> UnknownKeywords => _unknownKeywords;

    /// <summary>Compiles a whole document: its root, its <c>$defs</c>, then every <c>$ref</c> target, then checks for cycles.</summary>
    public SchemaNode CompileDocument(JsonElement root)
    {
        _resources = SchemaResources.Scan(root);
        SchemaNode compiled = Compile(root, "#");
        for (int i = 0; i < _references.Count; i++)
        {
            // Compiling a target may add references; the loop picks them up.
            SchemaReference reference = _references[i];
            string baseUri = _resources.BaseAt(ParentOf(reference.Location));
            string target = _resources.Resolve(reference.Text, baseUri, out string problem) ?? throw Fail(reference.Location, problem);
            reference.TargetLocation = target;
            reference.Target = Compile(_resources.ElementAt(target)!.Value, target);
        }

        ReferenceCycles.Check(compiled, this);
        if (!_patternMayTimeOut)
        {
            // A discriminator skips branches as failing for certain, which a pattern that may time out cannot promise.
            foreach (SchemaNode node in _compiled.Values)
            {
                if (node.Compound is { OneOf: { } oneOf } compound)
                {
                    compound.OneOfDiscriminator = BranchDiscriminator.For(oneOf);
                    compound.PlanTaggedUnion(node);
                }
            }
        }

        return compiled;
    }

    private static string ParentOf(string keywordPath) => keywordPath[..keywordPath.LastIndexOf('/')];

    private void UnknownKeyword(string name, string path)
    {
        if (_strictKeywords)
        {
            throw Fail(path, $"unknown keyword '{name}' (--strict-keywords refuses keywords JSON Schema 2020-12 does not define)");
        }

        _unknownKeywords.Add(path);
    }

    /// <summary>Reads one keyword into <paramref name="compound"/>; false when it is not one of these keywords.</summary>
    private bool ReadCompoundKeyword(JsonElement schema, string name, JsonElement value, string path, string schemaPath, CompoundKeywords compound)
    {
        if (_refused.TryGetValue(name, out string? refusal))
        {
            throw Fail(path, refusal);
        }

        switch (name)
        {
            case "$ref":
                ExpectKind(value, JsonValueKind.String, name, path, "a string");
                var reference = new SchemaReference(value.GetString()!, path);
                _references.Add(reference);
                compound.Ref = reference;
                return true;
            case "$defs":
                ExpectKind(value, JsonValueKind.Object, name, path, "an object");
                foreach (JsonProperty definition in value.EnumerateObject())
                {
                    // Compiled even when unused, so a broken definition fails the load instead of lurking.
                    Compile(definition.Value, path + "/" + EscapePointer(definition.Name));
                }

                return true;
            case "allOf":
                compound.AllOf = ReadSchemaArray(value, name, path);
                return true;
            case "anyOf":
                compound.AnyOf = ReadSchemaArray(value, name, path);
                return true;
            case "oneOf":
                compound.OneOf = ReadSchemaArray(value, name, path);
                return true;
            case "not":
                compound.Not = Branch(value, path);
                return true;
            case "if":
                compound.If = Branch(value, path);
                return true;
            case "then":
                compound.Then = Branch(value, path);
                return true;
            case "else":
                compound.Else = Branch(value, path);
                return true;
            case "dependentSchemas":
                ExpectKind(value, JsonValueKind.Object, name, path, "an object of schemas");
                compound.DependentSchemaNames = value.EnumerateObject().Select(p => p.Name).ToArray();
                compound.DependentSchemas = value.EnumerateObject().Select(p => Branch(p.Value, path + "/" + EscapePointer(p.Name))).ToArray();
                return true;
            case "dependentRequired":
                compound.DependentRequired = ReadDependentRequired(value, path);
                return true;
            case "patternProperties":
                ExpectKind(value, JsonValueKind.Object, name, path, "an object of schemas");
                compound.PatternProperties = value.EnumerateObject().Select(p =>
                {
                    string entryPath = path + "/" + EscapePointer(p.Name);
                    // The name as a JSON string element, so the name goes through the same pattern reader as "pattern".
                    using JsonDocument quoted = JsonDocument.Parse("\"" + JsonEncodedText.Encode(p.Name).Value + "\"");
                    CompiledPattern compiled = ReadPattern(quoted.RootElement, entryPath);
                    var matcher = new SchemaNode
                    {
                        Location = entryPath,
                        PatternText = p.Name,
                        Pattern = compiled.Regex,
                        PatternTimeoutReason = compiled.Regex is null ? null : $"pattern {p.Name} timed out after {_patternTimeout.TotalMilliseconds:0.###} ms",
                        FastPattern = compiled.Fast,
                        ChecksStrings = true,
                    };
                    return new PatternProperty(matcher, Branch(p.Value, entryPath));
                }).ToArray();
                return true;
            case "propertyNames":
                compound.PropertyNames = Branch(value, path);
                return true;
            case "minProperties":
                compound.MinProperties = ReadCount(value, name, path);
                return true;
            case "maxProperties":
                compound.MaxProperties = ReadCount(value, name, path);
                return true;
            case "prefixItems":
                compound.PrefixItems = ReadSchemaArray(value, name, path).Select(b => b.Node).ToArray();
                return true;
            case "contains":
                compound.Contains = Branch(value, path);
                return true;
            case "minContains":
                compound.MinContains = ReadCount(value, name, path);
                return true;
            case "maxContains":
                compound.MaxContains = ReadCount(value, name, path);
                return true;
            case "uniqueItems":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Fail(path, $"'uniqueItems' must be a boolean, got {KindName(value)}");
                }

                compound.UniqueItems = value.ValueKind == JsonValueKind.True;
                return true;
            case "multipleOf":
                NumericBound divisor = ReadNumber(value, name, path);
                if (divisor.Negative || divisor.Digits.IsEmpty)
                {
                    throw Fail(path, $"'multipleOf' must be greater than 0, got {divisor.Text}");
                }

                compound.MultipleOf = divisor;
                return true;
            case "unevaluatedProperties":
                compound.UnevaluatedProperties = Branch(value, path);
                return true;
            case "unevaluatedItems":
                compound.UnevaluatedItems = Branch(value, path);
                return true;
            default:
                return false;
        }
    }

    private SchemaBranch Branch(JsonElement value, string path) => new(Compile(value, path), path);

    private SchemaBranch[] ReadSchemaArray(JsonElement value, string name, string path)
    {
        ExpectKind(value, JsonValueKind.Array, name, path, "a non-empty array of schemas");
        if (value.GetArrayLength() == 0)
        {
            throw Fail(path, $"'{name}' must be a non-empty array of schemas");
        }

        return value.EnumerateArray().Select((member, index) => Branch(member, path + "/" + index)).ToArray();
    }

    private DependentRequirement[] ReadDependentRequired(JsonElement value, string path)
    {
        ExpectKind(value, JsonValueKind.Object, "dependentRequired", path, "an object of string arrays");
        return value.EnumerateObject()
            .Select(p => new DependentRequirement(p.Name, ReadRequired(p.Value, path + "/" + EscapePointer(p.Name)).ToArray()))
            .ToArray();
    }
}
