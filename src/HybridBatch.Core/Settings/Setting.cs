namespace HybridBatch.Core.Settings;

/// <summary>One environment variable: its name, what it holds, its default, and who reads it.</summary>
/// <param name="Name">The variable (<see cref="SettingNames"/>).</param>
/// <param name="Type">How its value is parsed.</param>
/// <param name="Default">The default as a user reads it, taken from the options type that applies it; null when unset means "none".</param>
/// <param name="Description">What it does, in a line.</param>
/// <param name="ReadBy">Who reads it.</param>
public sealed record Setting(string Name, SettingType Type, string? Default, string Description, SettingReaders ReadBy)
{
    /// <summary>Who cannot start without it (a subset of <see cref="ReadBy"/>).</summary>
    public SettingReaders RequiredBy { get; init; }

    /// <summary>Set by Lambda, Batch or the AWS credentials chain, never by template.yaml's function environments.</summary>
    public bool SetByPlatform { get; init; }

    /// <summary>Never printed (a password).</summary>
    public bool Secret { get; init; }
}
