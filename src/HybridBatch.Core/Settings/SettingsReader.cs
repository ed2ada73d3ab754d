using System.Globalization;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Settings;

/// <summary>
/// Reads settings from an environment (a function, so tests pass their own): the one parsing routine of every host.
/// Blank counts as unset and values are trimmed (a password excepted, <see cref="Raw"/>). A bad value throws
/// <see cref="ConfigurationException"/> naming the setting and the value; a name outside
/// <see cref="SettingsCatalog"/> is a bug and throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class SettingsReader
{
    private readonly Func<string, string?> _environment;

    public SettingsReader(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
    }

    /// <summary>The environment as given, for adapters that read their own variables.</summary>
    public Func<string, string?> Environment => _environment;

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Text(string name)
    {
        SettingsCatalog.Get(name);
        return _environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    /// <summary>The value exactly as set (a password's spaces are part of it), or null when unset or empty.</summary>
    public string? Raw(string name)
    {
        SettingsCatalog.Get(name);
        return _environment(name) is { Length: > 0 } value ? value : null;
    }

    public string Required(string name) => Text(name) ?? throw new ConfigurationException(name, "is required");

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or null when unset.</summary>
    public long? Long(string name, long min = long.MinValue, long max = long.MaxValue) => WholeNumber(name, min, max, long.MinValue, long.MaxValue);

    public long Long(string name, long defaultValue, long min, long max) => Long(name, min, max) ?? defaultValue;

    /// <summary>A whole number within <see cref="int"/>, or null when unset.</summary>
    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue) => (int?)WholeNumber(name, min, max, int.MinValue, int.MaxValue);

    private long? WholeNumber(string name, long min, long max, long lowest, long highest)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(name, $"must be a whole number{Range(min, max, lowest, highest)}, got '{text}'");
    }

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/> (never NaN), or null when unset.</summary>
    public double? Double(string name, double min = double.MinValue, double max = double.MaxValue)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(name, $"must be a number{Range(min, max, double.MinValue, double.MaxValue)}, got '{text}'");
    }

    public double Double(string name, double defaultValue, double min, double max) => Double(name, min, max) ?? defaultValue;

    /// <summary><c>true</c> or <c>false</c> (any case), or null when unset.</summary>
    public bool? Bool(string name) => Text(name)?.ToLowerInvariant() switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw new ConfigurationException(name, $"must be true or false, got '{Text(name)}'"),
    };

    public bool Bool(string name, bool defaultValue) => Bool(name) ?? defaultValue;

    /// <summary>One of <paramref name="choices"/> (lower-cased first), or null when unset.</summary>
    public string? Choice(string name, params string[] choices)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        string lower = text.ToLowerInvariant();
        return Array.IndexOf(choices, lower) >= 0
            ? lower
            : throw new ConfigurationException(name, $"must be {Listed(choices)}, got '{text}'");
    }

    /// <summary>The value named by the enum's wire names, or null when unset.</summary>
    public T? Choice<T>(string name, WireNames<T> names)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(names);
        string? text = Text(name);
        return text is null ? null
            : names.TryParse(text) ?? throw new ConfigurationException(name, $"must be {names.Choices}, got '{text}'");
    }

    /// <summary>An absolute http or https URL (an endpoint), or null when unset.</summary>
    public Uri? HttpUrl(string name)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ConfigurationException(name, $"must be an absolute http(s) URL, got '{text}'");
    }

    /// <summary><c>a, b or c</c>.</summary>
    public static string Listed(IReadOnlyList<string> choices) => choices.Count switch
    {
        0 => "",
        1 => choices[0],
        _ => string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1],
    };

    private static string Range<T>(T min, T max, T lowest, T highest)
        where T : IFormattable, IEquatable<T> => (min.Equals(lowest), max.Equals(highest)) switch
        {
            (true, true) => "",
            (false, true) => $" of at least {min.ToString(null, CultureInfo.InvariantCulture)}",
            (true, false) => $" up to {max.ToString(null, CultureInfo.InvariantCulture)}",
            (false, false) => $" from {min.ToString(null, CultureInfo.InvariantCulture)} to {max.ToString(null, CultureInfo.InvariantCulture)}",
        };
}
