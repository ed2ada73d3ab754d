using System.Globalization;

namespace HybridBatch.Functions.Hosting;

/// <summary>
/// The function's settings, read from its environment once at start-up. Every accessor checks the value and
/// names the setting when it is wrong, so a bad deployment fails at init, not on the first record.
/// </summary>
internal sealed class FunctionSettings
{
    private readonly Func<string, string?> _environment;

    public FunctionSettings(Func<string, string?> environment)
    {
        _environment = environment;
    }

    public Func<string, string?> Environment => _environment;

    public string? Text(string name) => _environment(name) is { Length: > 0 } value ? value : null;

    public string Required(string name) => Text(name) ?? throw new ConfigurationException(name, "is required");

    public long Long(string name, long defaultValue, long min, long max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return defaultValue;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(name, $"must be a whole number from {min} to {max}, got '{text}'");
    }

    public double Double(string name, double defaultValue, double min, double max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return defaultValue;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(name, $"must be a number from {min} to {max}, got '{text}'");
    }
}
