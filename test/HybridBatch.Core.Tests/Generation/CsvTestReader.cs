using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>
/// Test-only RFC 4180 reader (quote-aware, quoted line breaks allowed) plus a conversion of a row to the
/// JSON object a CSV validator would check, typing each cell by its column's schema.
/// </summary>
internal static class CsvTestReader
{
    public static List<List<(string Value, bool Quoted)>> Parse(string text, char delimiter = ',')
    {
        var rows = new List<List<(string, bool)>>();
        var row = new List<(string, bool)>();
        var cell = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && cell.Length == 0 && !quoted)
            {
                quoted = true;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("Unterminated quoted cell.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(text[i++]);
                }

                continue;
            }

            if (c == delimiter || c == '\n')
            {
                row.Add((cell.ToString(), quoted));
                cell.Clear();
                quoted = false;
                if (c == '\n')
                {
                    rows.Add(row);
                    row = [];
                }

                i++;
                continue;
            }

            if (quoted)
            {
                throw new FormatException($"Text after a closing quote at offset {i}.");
            }

            cell.Append(c);
            i++;
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add((cell.ToString(), quoted));
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Empty unquoted cells are absent; others are typed by the column's <c>type</c> list.</summary>
    public static JsonDocument ToJson(JsonElement schema, IReadOnlyList<string> header, IReadOnlyList<(string Value, bool Quoted)> row)
    {
        var properties = schema.GetProperty("properties");
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var j = 0; j < header.Count; j++)
            {
                var (value, quoted) = row[j];
                if (value.Length == 0 && !quoted)
                {
                    continue;
                }

                var type = properties.GetProperty(header[j]).GetProperty("type");
                var types = type.ValueKind == JsonValueKind.Array
                    ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet()
                    : [type.GetString()!];
                writer.WritePropertyName(header[j]);
                if ((types.Contains("integer") || types.Contains("number"))
                    && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    writer.WriteNumberValue(number);
                }
                else if (types.Contains("boolean") && value is "true" or "false")
                {
                    writer.WriteBooleanValue(value == "true");
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
