using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HybridBatch.Core.Json;

/// <summary>
/// The wire names of an enum whose members carry <see cref="System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute"/>,
/// read once from its source-generated JSON contract: the attribute is the one definition, and plans, events, job
/// parameters, settings and options all parse and print through here. Parsing is exact (no case folding, no numbers),
/// and an unknown name fails with the list of known ones.
/// </summary>
public sealed class WireNames<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> _names = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public WireNames(JsonTypeInfo<T> contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        foreach (T value in Enum.GetValues<T>())
        {
            // The converter writes a JSON string; wire names are plain ASCII words, so its quotes are all that wraps them.
            string json = JsonSerializer.Serialize(value, contract);
            string name = json[1..^1];
            _names[value] = name;
            _values[name] = value;
        }

        Choices = _names.Count switch
        {
            1 => _names.Values.Single(),
            _ => string.Join(", ", _names.Values.SkipLast(1)) + " or " + _names.Values.Last(),
        };
    }

    /// <summary>The names as an error message lists them: <c>jsonl, csv or parquet</c>.</summary>
    public string Choices { get; }

    /// <summary>Every name, in declaration order.</summary>
    public IReadOnlyCollection<string> All => _names.Values;

    public string Name(T value) => _names.TryGetValue(value, out string? name)
        ? name
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"no wire name for {typeof(T).Name} {value}");

    /// <summary>The value named <paramref name="text"/>, or null when it names none (the caller says where it came from).</summary>
    public T? TryParse(string? text) => text is not null && _values.TryGetValue(text, out T value) ? value : null;

    /// <summary>The value named <paramref name="text"/>; else a <see cref="FormatException"/> naming <paramref name="what"/> and the choices.</summary>
    public T Parse(string? text, string what) =>
        TryParse(text) ?? throw new FormatException($"{what} must be {Choices}, got '{text}'");
}
