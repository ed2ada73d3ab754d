namespace HybridBatch.Functions.Hosting;

/// <summary>A function setting (environment variable) is missing or wrong; the message names it.</summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException(string setting, string message)
        : base($"{setting}: {message}")
    {
        Setting = setting;
    }

    public string Setting { get; }
}
