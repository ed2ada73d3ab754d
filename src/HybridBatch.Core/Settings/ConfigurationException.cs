using HybridBatch.Core.Failures;

namespace HybridBatch.Core.Settings;

/// <summary>
/// A setting (environment variable) is missing or wrong; the message names it and, for a bad value, the value.
/// An <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/> is the setting, so adapters that
/// validate their options report it alike; classified as <see cref="FailureClass.Configuration"/> (exit code 2, a
/// Lambda init error).
/// </summary>
public sealed class ConfigurationException : ArgumentException, IClassifiedFailure
{
    private readonly string _message;

    /// <param name="setting">The setting's name.</param>
    /// <param name="problem">What is wrong, read after the name: <c>must be true or false, got 'x'</c>, <c>is required</c>.</param>
    public ConfigurationException(string setting, string problem)
        : this(setting, problem, separator: " ")
    {
    }

    private ConfigurationException(string setting, string problem, string separator)
        : base(null, setting)
    {
        Setting = setting;
        _message = setting + separator + problem;
    }

    public string Setting { get; }

    public override string Message => _message;

    public FailureClass FailureClass => FailureClass.Configuration;

    /// <summary>A setting that a whole sentence explains (an adapter's or a file's own message): <c>SETTING: sentence</c>.</summary>
    public static ConfigurationException Explained(string setting, string sentence) => new(setting, sentence, ": ");

    /// <summary>An adapter's <see cref="ArgumentException"/>, whose parameter name is the setting it read.</summary>
    public static ConfigurationException From(ArgumentException invalid, string fallbackSetting)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        if (invalid is ConfigurationException already)
        {
            return already;
        }

        string setting = invalid.ParamName is { Length: > 0 } name ? name : fallbackSetting;
        string message = invalid.ParamName is null ? invalid.Message : invalid.Message.Replace($" (Parameter '{invalid.ParamName}')", "", StringComparison.Ordinal);
        return Explained(setting, message);
    }
}
