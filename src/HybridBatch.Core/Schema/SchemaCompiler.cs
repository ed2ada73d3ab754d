using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Turns a JSON Schema document (draft 2020-12) into <see cref="SchemaNode"/>s. Every assertion and applicator
/// keyword is implemented; keywords it cannot honour (<c>$dynamicRef</c>, <c>$vocabulary</c>, a <c>$ref</c> to
/// another document) are refused, never ignored. Unknown keywords are annotations, as the specification says,
/// and listed in <see cref="UnknownKeywords"/> (or refused when strict).
/// </summary>
internal sealed partial class SchemaCompiler
{
    /// <summary>
    /// How long one value may take against a pattern that needs the backtracking engine (lookaround,
    /// backreferences, atomic groups, conditionals). Every other pattern runs in linear time and has no timeout.
    /// </summary>
    public static readonly TimeSpan DefaultPatternTimeout = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _patternTimeout;

    /// <summary>True once a pattern needs the backtracking engine, whose matches can time out.</summary>
    private bool _patternMayTimeOut;

    /// <summary>Each pattern text's matchers, compiled once per schema (a name pattern and a value pattern alike).</summary>
    private readonly Dictionary<string, CompiledPattern> _patterns = new(StringComparer.Ordinal);

    /// <summary>Keywords that only annotate (the meta-data and content vocabularies, and the identifiers).</summary>
    private static readonly HashSet<string> _annotations =
    [
        "$schema", "$id", "$anchor", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "contentMediaType", "contentEncoding", "contentSchema",
    ];

    private readonly string _schemaName;

    public SchemaCompiler(string schemaName)
        : this(schemaName, DefaultPatternTimeout)
    {
    }

    public SchemaCompiler(string schemaName, TimeSpan patternTimeout)
        : this(schemaName, patternTimeout, strictKeywords: false)
    {
    }

    public SchemaCompiler(string schemaName, TimeSpan patternTimeout, bool strictKeywords)
    {
        _schemaName = schemaName;
        _patternTimeout = patternTimeout;
        _strictKeywords = strictKeywords;
    }

    /// <summary>Whether known formats are asserted (<c>--format-assertion</c>); see <see cref="Schema.FormatAssertion"/>.</summary>
    public FormatAssertion FormatAssertion { get; init; }

    /// <summary>Each <c>format</c> this validator does not know, as <c>#/path: 'name'</c>: annotations, warned about at load.</summary>
    public List<string> UnknownFormats { get; } = [];

    public SchemaNode Compile(JsonElement schema, string path)
    {
        if (_compiled.TryGetValue(path, out SchemaNode? done))
        {
            return done;
        }

        SchemaNode node = CompileNew(schema, path);
        _compiled[path] = node;
        return node;
    }

    private SchemaNode CompileNew(JsonElement schema, string path)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return SchemaNode.Any;
            case JsonValueKind.False:
                return new SchemaNode { RejectsAll = true, Location = path };
            case JsonValueKind.Object:
                break;
            default:
                throw Fail(path, $"a schema must be an object or a boolean, got {KindName(schema)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var types = JsonTypes.None;
        var expected = new List<string>();
        List<string>? required = null;
        var propertyNames = new List<string>();
        var propertyNodes = new List<SchemaNode?>();
        bool hasProperties = false;
        bool additionalAllowed = true;
        SchemaNode? additionalSchema = null;
        ConstValue[]? enumValues = null;
        ConstValue? constValue = null;
        int minLength = -1, maxLength = -1, minItems = -1, maxItems = -1;
        string? patternText = null;
        CompiledPattern? pattern = null;
        var format = StringFormat.None;
        NumericBound? minimum = null, maximum = null, exclusiveMinimum = null, exclusiveMaximum = null;
        SchemaNode? items = null;
        bool additionalWritten = false;
        var compound = new CompoundKeywords();

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            string keywordPath = path + "/" + EscapePointer(keyword.Name);
            JsonElement value = keyword.Value;
            if (!seen.Add(keyword.Name))
            {
                throw Fail(keywordPath, $"duplicate keyword '{keyword.Name}'");
            }

            switch (keyword.Name)
            {
                case "type":
                    types = ReadTypes(value, keywordPath, expected);
                    break;
                case "required":
                    required = ReadRequired(value, keywordPath);
                    break;
                case "properties":
                    ExpectKind(value, JsonValueKind.Object, keyword.Name, keywordPath, "an object");
                    hasProperties = true;
                    foreach (JsonProperty property in value.EnumerateObject())
                    {
                        string propertyPath = keywordPath + "/" + EscapePointer(property.Name);
                        if (propertyNames.Contains(property.Name))
                        {
                            throw Fail(propertyPath, $"duplicate property '{property.Name}'");
                        }

                        propertyNames.Add(property.Name);
                        propertyNodes.Add(Compile(property.Value, propertyPath));
                    }

                    break;
                case "additionalProperties":
                    additionalWritten = true;
                    if (value.ValueKind == JsonValueKind.False)
                    {
                        additionalAllowed = false;
                    }
                    else if (value.ValueKind != JsonValueKind.True)
                    {
                        ExpectKind(value, JsonValueKind.Object, keyword.Name, keywordPath, "a boolean or a schema");
                        additionalSchema = Compile(value, keywordPath);
                    }

                    break;
                case "enum":
                    // An empty enum is allowed (2020-12 says SHOULD, not MUST, be non-empty) and rejects every value.
                    ExpectKind(value, JsonValueKind.Array, keyword.Name, keywordPath, "an array");
                    enumValues = value.EnumerateArray()
                        .Select((member, index) => ReadConst(member, keywordPath + "/" + index, "enum"))
                        .ToArray();
                    break;
                case "const":
                    constValue = ReadConst(value, keywordPath, "const");
                    break;
                case "pattern":
                    pattern = ReadPattern(value, keywordPath);
                    patternText = value.GetString();
                    break;
                case "minLength":
                    minLength = ReadCount(value, keyword.Name, keywordPath);
                    break;
                case "maxLength":
                    maxLength = ReadCount(value, keyword.Name, keywordPath);
                    break;
                case "minItems":
                    minItems = ReadCount(value, keyword.Name, keywordPath);
                    break;
                case "maxItems":
                    maxItems = ReadCount(value, keyword.Name, keywordPath);
                    break;
                case "minimum":
                    minimum = ReadNumber(value, keyword.Name, keywordPath);
                    break;
                case "maximum":
                    maximum = ReadNumber(value, keyword.Name, keywordPath);
                    break;
                case "exclusiveMinimum":
                    exclusiveMinimum = ReadNumber(value, keyword.Name, keywordPath);
                    break;
                case "exclusiveMaximum":
                    exclusiveMaximum = ReadNumber(value, keyword.Name, keywordPath);
                    break;
                case "format":
                    format = ReadFormat(value, keywordPath);
                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        throw Fail(keywordPath, "'items' must be a single schema; the array form (prefixItems) is not supported");
                    }

                    items = Compile(value, keywordPath);
                    break;
                default:
                    if (!ReadCompoundKeyword(schema, keyword.Name, value, keywordPath, path, compound) && !_annotations.Contains(keyword.Name))
                    {
                        UnknownKeyword(keyword.Name, keywordPath);
                    }

                    break;
            }
        }

        PropertyTable? table = null;
        if (hasProperties || required is not null)
        {
            table = BuildTable(propertyNames, propertyNodes, required ?? []);
        }

        compound.RefOnly = compound.Ref is not null
            && schema.EnumerateObject().All(k => k.Name is "$ref" or "$defs" || _annotations.Contains(k.Name));
        if (compound.PatternProperties is not null)
        {
            // additionalProperties now depends on the patterns too: the compound pass applies it, the walk lets all through.
            compound.AdditionalBesidePatterns = additionalWritten
                ? additionalAllowed ? additionalSchema ?? SchemaNode.Any : new SchemaNode { RejectsAll = true, Location = path + "/additionalProperties" }
                : null;
            additionalAllowed = true;
            additionalSchema = null;
        }

        compound.PlanWalk();
        compound.PlanListedPatternHits(table);

        return new SchemaNode
        {
            Location = path,
            AdditionalWritten = additionalWritten,
            Compound = compound.IsEmpty ? null : compound,
            Types = types,
            ExpectedText = string.Join(" or ", expected),
            Properties = table,
            AdditionalAllowed = additionalAllowed,
            AdditionalSchema = additionalSchema,
            Enum = enumValues,
            Const = constValue,
            MinLength = minLength,
            MaxLength = maxLength,
            PatternText = patternText,
            Pattern = pattern?.Regex,
            PatternTimeoutReason = pattern?.Regex is null ? null : $"pattern {patternText} timed out after {_patternTimeout.TotalMilliseconds:0.###} ms",
            FastPattern = pattern?.Fast,
            ChecksStrings = enumValues is not null || constValue is not null || minLength >= 0 || maxLength >= 0
                || pattern is not null || format != StringFormat.None,
            ChecksNumbers = enumValues is not null || constValue is not null
                || minimum is not null || maximum is not null || exclusiveMinimum is not null || exclusiveMaximum is not null,
            Format = format,
            Minimum = minimum,
            Maximum = maximum,
            ExclusiveMinimum = exclusiveMinimum,
            ExclusiveMaximum = exclusiveMaximum,
            Items = items,
            MinItems = minItems,
            MaxItems = maxItems,
        };
    }

    public SchemaLoadException Fail(string path, string detail) => new(_schemaName, path, detail);

    private static PropertyTable BuildTable(List<string> names, List<SchemaNode?> nodes, List<string> required)
    {
        // Names only in "required" still need a bit so their presence is tracked; their values are checked
        // against additionalProperties, as JSON Schema says.
        foreach (string name in required)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
                nodes.Add(null);
            }
        }

        var mask = new ulong[Math.Max(1, (names.Count + 63) / 64)];
        int[] order = required.Select(name => names.IndexOf(name)).ToArray();
        foreach (int index in order)
        {
            mask[index >> 6] |= 1UL << (index & 63);
        }

        return new PropertyTable(names, nodes, mask, order);
    }

    private JsonTypes ReadTypes(JsonElement value, string path, List<string> expected)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            expected.Add(value.GetString()!);
            return ParseType(value.GetString()!, path);
        }

        ExpectKind(value, JsonValueKind.Array, "type", path, "a string or an array of strings");
        if (value.GetArrayLength() == 0)
        {
            throw Fail(path, "'type' must list at least one type");
        }

        var types = JsonTypes.None;
        int index = 0;
        foreach (JsonElement member in value.EnumerateArray())
        {
            string memberPath = path + "/" + index++;
            ExpectKind(member, JsonValueKind.String, "type", memberPath, "a type name");
            JsonTypes type = ParseType(member.GetString()!, memberPath);
            if ((types & type) != 0)
            {
                throw Fail(memberPath, $"type '{member.GetString()}' is listed twice");
            }

            types |= type;
            expected.Add(member.GetString()!);
        }

        return types;
    }

    private JsonTypes ParseType(string name, string path) => name switch
    {
        "string" => JsonTypes.String,
        "integer" => JsonTypes.Integer,
        "number" => JsonTypes.Number,
        "boolean" => JsonTypes.Boolean,
        "object" => JsonTypes.Object,
        "array" => JsonTypes.Array,
        "null" => JsonTypes.Null,
        _ => throw Fail(path, $"unknown type '{name}'"),
    };

    private List<string> ReadRequired(JsonElement value, string path)
    {
        ExpectKind(value, JsonValueKind.Array, "required", path, "an array of strings");
        var names = new List<string>();
        int index = 0;
        foreach (JsonElement member in value.EnumerateArray())
        {
            string memberPath = path + "/" + index++;
            ExpectKind(member, JsonValueKind.String, "required", memberPath, "a property name");
            string name = member.GetString()!;
            if (names.Contains(name))
            {
                throw Fail(memberPath, $"'{name}' is listed twice");
            }

            names.Add(name);
        }

        return names;
    }

    private ConstValue ReadConst(JsonElement value, string path, string keyword)
    {
        string rawText = value.GetRawText();
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return ConstValue.String(rawText, Encoding.UTF8.GetBytes(value.GetString()!));
            case JsonValueKind.Number:
                return ConstValue.FromNumber(ReadNumber(value, keyword, path));
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                return ConstValue.Container(value.ValueKind, rawText, JsonCanonical.Of(Encoding.UTF8.GetBytes(rawText)));
            default:
                return ConstValue.Literal(value.ValueKind, rawText);
        }
    }

    /// <summary>
    /// ECMA-262 with the <c>u</c> flag, refused here (naming the offset) where ECMA-262 refuses it; see <see cref="EcmaRegex"/>.
    /// Each pattern text is compiled once per schema (<see cref="_patterns"/>), and a .NET regex is built only when the
    /// byte-level matcher cannot decide it: <see cref="SchemaNode.MatchesPattern"/> asks <see cref="SimplePattern"/>
    /// first and never the regex beside it, and building a regex (the translation, the parse, the NonBacktracking
    /// engine's set-up, all of it jitted at start) was about a tenth of a one-record <c>plan</c>'s CPU time.
    /// </summary>
    private CompiledPattern ReadPattern(JsonElement value, string path)
    {
        ExpectKind(value, JsonValueKind.String, "pattern", path, "a string");
        string text = value.GetString()!;
        if (_patterns.TryGetValue(text, out CompiledPattern? known))
        {
            return known;
        }

        try
        {
            PatternNode tree = EcmaPatternParser.Parse(text);
            SimplePattern? fast = SimplePattern.TryCreate(tree);
            Regex? regex = fast is null ? EcmaRegex.Create(tree, _patternTimeout) : null;
            _patternMayTimeOut |= regex is not null && (regex.Options & RegexOptions.NonBacktracking) == 0;
            var compiled = new CompiledPattern(fast, regex);
            _patterns[text] = compiled;
            return compiled;
        }
        catch (PatternSyntaxException invalid)
        {
            throw Fail(path, $"pattern {value.GetRawText()} is not a valid ECMA-262 regular expression (u flag) {invalid.Message}");
        }
    }

    /// <summary>A pattern's matchers: <see cref="Fast"/> when its shape allows, else <see cref="Regex"/>; never both.</summary>
    private sealed record CompiledPattern(SimplePattern? Fast, Regex? Regex);

    private int ReadCount(JsonElement value, string keyword, string path)
    {
        ExpectKind(value, JsonValueKind.Number, keyword, path, "a non-negative integer");
        if (value.TryGetDouble(out double number) && number >= 0 && number <= int.MaxValue && Math.Floor(number) == number)
        {
            return (int)number;
        }

        throw Fail(path, $"'{keyword}' must be a non-negative integer, got {value.GetRawText()}");
    }

    private NumericBound ReadNumber(JsonElement value, string keyword, string path)
    {
        ExpectKind(value, JsonValueKind.Number, keyword, path, "a number");
        return NumericBound.FromText(value.GetRawText())
            ?? throw Fail(path, $"number {value.GetRawText()} is out of range (exponent beyond ±{ExactDecimal.MaxExponent})");
    }

    private StringFormat ReadFormat(JsonElement value, string path)
    {
        ExpectKind(value, JsonValueKind.String, "format", path, "a string");
        StringFormat format = FormatChecks.Parse(value.GetString()!);
        if (format == StringFormat.None)
        {
            // 2020-12: an unknown format is an annotation; refusing it would refuse valid schemas.
            UnknownFormats.Add($"{path}: '{value.GetString()}'");
        }

        return FormatAssertion == FormatAssertion.On ? format : StringFormat.None;
    }

    private void ExpectKind(JsonElement value, JsonValueKind kind, string keyword, string path, string what)
    {
        if (value.ValueKind != kind)
        {
            throw Fail(path, $"'{keyword}' must be {what}, got {KindName(value)}");
        }
    }

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>JSON Pointer escaping (RFC 6901) so property names with <c>/</c> or <c>~</c> keep paths unambiguous.</summary>
    private static string EscapePointer(string name) => SchemaPointer.Escape(name);
}
