namespace HybridBatch.Core.Settings;

/// <summary>What a setting's value is, as <see cref="SettingsReader"/> parses it.</summary>
public enum SettingType
{
    Text,
    WholeNumber,
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of a few names (the description lists them).</summary>
    Choice,

    /// <summary>Comma-separated values.</summary>
    List,
}
