using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Routing;

/// <summary>
/// The one format of a calibration: <see cref="CostModelOptions"/> as JSON, its properties' names in camelCase
/// (<c>validateRecordsPerSecondPerCore</c>, <c>publishRecordsPerSecondPerCore</c>, …). <c>hybridbatch calibrate</c>
/// writes it; <c>plan</c>, <c>run</c> and the functions read it. A property left out keeps its default; a property
/// the options do not have is refused, named, so a misspelt setting never passes silently.
/// </summary>
public static partial class CostModelFile
{
    /// <summary>The file's name in a run folder (<c>--out</c>) and next to <c>bootstrap</c>.</summary>
    public const string FileName = "cost-model.json";

    public static byte[] Write(CostModelOptions options)
    {
        options.Validate();
        return MinimalJsonEncoder.SerializeToUtf8Bytes(options, CostModelJson.Default.CostModelOptions);
    }

    /// <param name="json">The file's content.</param>
    /// <param name="name">The file's path, for messages.</param>
    /// <exception cref="CostModelFileException">Not JSON, an unknown property, a wrong type or a value out of range.</exception>
    public static CostModelOptions Read(ReadOnlySpan<byte> json, string name)
    {
        CostModelOptions? options;
        try
        {
            // The generated deserializer sets every init-only property, so one left out would become 0: lay the
            // file's properties over the defaults instead.
            if (JsonNode.Parse(json) is not JsonObject file)
            {
                throw new CostModelFileException($"cost model file {name}: must be a JSON object of CostModelOptions' properties");
            }

            var merged = (JsonObject)JsonSerializer.SerializeToNode(new CostModelOptions(), CostModelJson.Default.CostModelOptions)!;
            foreach ((string property, JsonNode? value) in file)
            {
                merged[property] = value?.DeepClone();
            }

            options = merged.Deserialize(CostModelJson.Default.CostModelOptions);
        }
        catch (JsonException invalid)
        {
            string where = invalid.LineNumber is long line ? $" (line {line + 1})" : "";
            throw new CostModelFileException(UnknownProperty().Match(invalid.Message) is { Success: true } unknown
                ? $"cost model file {name}: unknown property '{unknown.Groups[1].Value}'; see CostModelOptions in the README for the properties"
                : $"cost model file {name}: {invalid.Path ?? "$"}{where}: {FirstSentence(invalid.Message)}");
        }

        if (options is null)
        {
            throw new CostModelFileException($"cost model file {name}: null is not a cost model");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException wrong)
        {
            throw new CostModelFileException($"cost model file {name}: {wrong.Message}");
        }

        return options;
    }

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0];

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownProperty();
}
