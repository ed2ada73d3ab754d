namespace HybridBatch.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, logs and progress to <see cref="Log"/>.</summary>
/// <param name="Out">Standard output: reports and data.</param>
/// <param name="Log">Standard error: what is happening (so <c>--destination stdout</c> stays clean).</param>
/// <param name="Interactive">Whether the log is a terminal (progress is redrawn in place).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Log, bool Interactive)
{
    /// <summary>Standard input (<c>hybridbatch invoke</c> reads the event from it). Empty unless given.</summary>
    public TextReader In { get; init; } = TextReader.Null;
}
