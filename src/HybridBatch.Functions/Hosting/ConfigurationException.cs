using HybridBatch.Core.Failures;

namespace HybridBatch.Functions.Hosting;

/// <summary>A function setting (environment variable) is missing or wrong; the message names it.</summary>
internal sealed class ConfigurationException : Exception, IClassifiedFailure
{
    public ConfigurationException(string setting, string message)
        : base($"{setting}: {message}")
    {
        Setting = setting;
    }

    public string Setting { get; }

    public FailureClass FailureClass => FailureClass.Configuration;

    /// <summary>An adapter's <see cref="ArgumentException"/>, whose parameter name is the setting it read.</summary>
    public static ConfigurationException From(ArgumentException invalid, string fallbackSetting)
    {
        string setting = invalid.ParamName is { Length: > 0 } name ? name : fallbackSetting;
        string message = invalid.ParamName is null ? invalid.Message : invalid.Message.Replace($" (Parameter '{invalid.ParamName}')", "", StringComparison.Ordinal);
        return new ConfigurationException(setting, message);
    }
}
