using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>
/// A deliberately small, independent JSON Schema check covering the keywords the samples use, so the
/// generator is tested against the schema text rather than against its own parsed model.
/// </summary>
internal static class MiniSchemaChecker
{
    private static readonly Regex s_dateTime = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$");
    private static readonly Regex s_email = new(@"^[^@\s]+@[^@\s]+\.[A-Za-z]+$");

    /// <summary>Null when <paramref name="value"/> satisfies <paramref name="schema"/>, otherwise the first problem.</summary>
    public static string? Check(JsonElement schema, JsonElement value, string path = "$")
    {
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            return $"{path}: type {value.ValueKind} not allowed";
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            return $"{path}: not in enum";
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => CheckString(schema, value.GetString()!, path),
            JsonValueKind.Number => CheckNumber(schema, value.GetDecimal(), path),
            JsonValueKind.Object => CheckObject(schema, value, path),
            JsonValueKind.Array => CheckArray(schema, value, path),
            _ => null,
        };
    }

    private static bool TypeMatches(JsonElement type, JsonElement value)
    {
        var names = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
            : [type.GetString()!];
        return names.Any(name => name switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.GetDecimal() == decimal.Truncate(value.GetDecimal()),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            _ => throw new InvalidOperationException($"Unknown type {name}"),
        });
    }

    private static string? CheckString(JsonElement schema, string text, string path)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            return $"{path}: shorter than minLength";
        }

        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            return $"{path}: longer than maxLength";
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
        {
            return $"{path}: does not match pattern";
        }

        if (schema.TryGetProperty("format", out var format))
        {
            var ok = format.GetString() switch
            {
                "date-time" => s_dateTime.IsMatch(text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
                "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "uuid" => Guid.TryParseExact(text, "D", out _),
                "email" => s_email.IsMatch(text),
                _ => true,
            };
            if (!ok)
            {
                return $"{path}: not a valid {format.GetString()}";
            }
        }

        return null;
    }

    private static string? CheckNumber(JsonElement schema, decimal number, string path)
    {
        if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDecimal())
        {
            return $"{path}: below minimum";
        }

        if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && number <= exclusiveMinimum.GetDecimal())
        {
            return $"{path}: not above exclusiveMinimum";
        }

        if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDecimal())
        {
            return $"{path}: above maximum";
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && number >= exclusiveMaximum.GetDecimal())
        {
            return $"{path}: not below exclusiveMaximum";
        }

        return null;
    }

    private static string? CheckObject(JsonElement schema, JsonElement value, string path)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    return $"{path}: missing required {name.GetString()}";
                }
            }
        }

        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var property in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                var problem = Check(propertySchema, property.Value, $"{path}.{property.Name}");
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (closed)
            {
                return $"{path}: unexpected property {property.Name}";
            }
        }

        return null;
    }

    private static string? CheckArray(JsonElement schema, JsonElement value, string path)
    {
        var count = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var min) && count < min.GetInt32())
        {
            return $"{path}: fewer than minItems";
        }

        if (schema.TryGetProperty("maxItems", out var max) && count > max.GetInt32())
        {
            return $"{path}: more than maxItems";
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var problem = Check(items, item, $"{path}[{index++}]");
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }
}
