namespace HybridBatch.Core.Schema;

/// <summary>The one spelling of <see cref="FormatAssertion"/> on the command line and in the chunk plan.</summary>
public static class FormatAssertionText
{
    public const string On = "on";

    public const string Off = "off";

    public const string Choices = "on or off";

    public static string Name(FormatAssertion assertion) => assertion switch
    {
        FormatAssertion.On => On,
        FormatAssertion.Off => Off,
        _ => throw new ArgumentOutOfRangeException(nameof(assertion), assertion, "unknown format assertion"),
    };

    /// <summary>Null when <paramref name="text"/> is neither spelling.</summary>
    public static FormatAssertion? TryParse(string? text) => text switch
    {
        On => FormatAssertion.On,
        Off => FormatAssertion.Off,
        _ => null,
    };
}
