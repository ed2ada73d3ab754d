using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// The destinations that need nothing but this machine: <c>file</c> (JSON Lines per chunk in a folder),
/// <c>stdout</c>, and <c>discard</c>.
/// </summary>
public sealed class LocalSinkFactory : IRecordSinkFactory
{
    public const string File = "file";
    public const string Stdout = "stdout";
    public const string Discard = "discard";

    private readonly string? _folder;
    private readonly Lazy<Stream> _stdout = new(Console.OpenStandardOutput);
    private readonly LeftBehindParts _leftBehind = new();

    private LocalSinkFactory(string destination, string? folder)
    {
        Destination = destination;
        _folder = folder;
    }

    public string Destination { get; }

    public static IReadOnlyList<string> Names { get; } = [File, Stdout, Discard];

    /// <param name="destination">file, stdout or discard.</param>
    /// <param name="outputFolder">Where <c>file</c> writes; required for it.</param>
    public static LocalSinkFactory Create(string destination, string? outputFolder) => destination switch
    {
        File => new LocalSinkFactory(File, outputFolder ?? throw new ArgumentException("the file destination needs an output folder", nameof(outputFolder))),
        Stdout or Discard => new LocalSinkFactory(destination, null),
        _ => throw new ArgumentException($"unknown local destination '{destination}'; use one of {string.Join(", ", Names)}", nameof(destination)),
    };

    public ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken) => Destination switch
    {
        File => ValueTask.FromResult<IRecordSink>(
            new FileSink(_folder!, context, new WrittenPageRelease(WrittenPageRelease.DefaultWindowBytes, _leftBehind))),
        Stdout => ValueTask.FromResult<IRecordSink>(new StdoutSink(_stdout.Value, context)),
        _ => ValueTask.FromResult<IRecordSink>(DiscardSink.Instance),
    };
}
