using System.Globalization;
using System.Text.Json;
using HybridBatch.Core;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Json;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// Writes one chunk's messages to a folder, one part per step: <c>chunk-NNNNN.step-SSSSS.jsonl</c>. A part is written
/// under a temporary name and renamed into place when its step commits, after the step's checkpoint
/// (<c>.steps/chunk-NNNNN.step-SSSSS.json</c>) is in place: the rename is the commit, so a part in the folder is a
/// whole committed step, and its checkpoint says where the step reached. Parts are written in <c>.steps</c>, so a
/// failed or killed attempt leaves nothing partial where readers look; its retry removes what it left and resumes
/// after the last part.
/// </summary>
/// <remarks>
/// Committed means safe from the process dying (SIGKILL, OOM): the part is flushed and renamed, not fsynced, so a
/// power loss of the machine itself may still lose the last steps.
/// </remarks>
internal sealed class FileSink : IRecordSink
{
    private const string StepsFolder = ".steps";

    private readonly string _folder;
    private readonly string _steps;
    private readonly ChunkContext _context;
    private readonly EnvelopeWriter _envelopes;
    private readonly WrittenPageRelease _release;
    private FileStream? _part;
    private bool _done;

    public FileSink(string folder, ChunkContext context)
        : this(folder, context, new WrittenPageRelease(WrittenPageRelease.DefaultWindowBytes))
    {
    }

    // release: how the written pages go back to the kernel; the sink owns it.
    internal FileSink(string folder, ChunkContext context, WrittenPageRelease release)
    {
        _folder = folder;
        _steps = Path.Combine(folder, StepsFolder);
        Directory.CreateDirectory(_steps);
        _context = context;
        _envelopes = new EnvelopeWriter(context);
        _release = release;
    }

    /// <summary>The name of a chunk's part for one step (0-based); they sort in record order.</summary>
    public static string PartName(int chunkId, int step) => string.Create(CultureInfo.InvariantCulture, $"chunk-{chunkId:D5}.step-{step:D5}.jsonl");

    /// <summary>The last step whose part is in the folder, as its checkpoint describes it.</summary>
    public ValueTask<ChunkCheckpoint?> RecoverAsync(CancellationToken cancellationToken)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"chunk-{_context.ChunkId:D5}.step-");
        foreach (string abandoned in Directory.EnumerateFiles(_steps, string.Create(CultureInfo.InvariantCulture, $"chunk-{_context.ChunkId:D5}*.partial-*")))
        {
            // What a killed attempt was writing: never committed, so never read.
            File.Delete(abandoned);
        }

        var committed = Directory.EnumerateFiles(_steps, prefix + "*.json")
            .Select(path => (Path: path, Step: StepOf(Path.GetFileName(path), prefix)))
            .Where(found => found.Step >= 0 && File.Exists(Path.Combine(_folder, PartName(_context.ChunkId, found.Step))))
            .OrderByDescending(found => found.Step);
        foreach ((string path, int step) in committed)
        {
            ChunkCheckpoint checkpoint;
            try
            {
                checkpoint = JsonSerializer.Deserialize(File.ReadAllBytes(path), HybridBatchJson.Default.ChunkCheckpoint)
                    ?? throw new JsonException("null");
            }
            catch (JsonException unreadable)
            {
                throw new ChunkDataException(_context.ChunkId, $"the file destination's checkpoint {path} is unreadable ({unreadable.Message})");
            }

            if (checkpoint.Step != step + 1)
            {
                throw new ChunkDataException(_context.ChunkId, $"the file destination's checkpoint {path} says step {checkpoint.Step}, its name step {step + 1}");
            }

            return ValueTask.FromResult<ChunkCheckpoint?>(checkpoint);
        }

        return ValueTask.FromResult<ChunkCheckpoint?>(null);
    }

    public async ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        ReadOnlyMemory<byte> envelopes = _envelopes.Render(batch);
        FileStream part = Part();
        await part.WriteAsync(envelopes, cancellationToken).ConfigureAwait(false);
        _release.Wrote(part.SafeFileHandle, envelopes.Length);
    }

    public async ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        int step = reached.Step - 1;
        // A step whose records were all rejected still gets its (empty) part: the part is what says it is committed.
        FileStream part = Part();
        await part.FlushAsync(cancellationToken).ConfigureAwait(false);
        await part.DisposeAsync().ConfigureAwait(false);
        _part = null;

        string checkpoint = Path.Combine(_steps, Path.ChangeExtension(PartName(_context.ChunkId, step), ".json"));
        string checkpointTemporary = Temporary(checkpoint);
        try
        {
            await File.WriteAllBytesAsync(checkpointTemporary, MinimalJsonEncoder.SerializeToUtf8Bytes(reached, HybridBatchJson.Default.ChunkCheckpoint), cancellationToken).ConfigureAwait(false);
            File.Move(checkpointTemporary, checkpoint, overwrite: true);
        }
        catch
        {
            File.Delete(checkpointTemporary);
            File.Delete(part.Name);
            throw;
        }

        string committed = Path.Combine(_folder, PartName(_context.ChunkId, step));
        File.Move(part.Name, committed, overwrite: true);
        _release.Committed(committed);
    }

    public async ValueTask DisposeAsync()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _release.Dispose();
        if (_part is not null)
        {
            // The open step never committed: its records must not appear. Deleted even when closing fails (a full
            // disk fails the flush that closing does), so a failed attempt leaves no partial file behind.
            FileStream abandoned = _part;
            _part = null;
            try
            {
                await abandoned.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The step is abandoned either way; the failure that got here is what the caller reports.
            }
            finally
            {
                File.Delete(abandoned.Name);
            }
        }
    }

    // Under .steps, so readers of the folder never see a part being written. Unbuffered (buffer size 0): each write is
    // a whole batch's envelopes, already laid out in one buffer, so a FileStream buffer would only copy every byte of
    // the output once more before the kernel copies it (3.4 GB for 10 M orders).
    private FileStream Part() => _part ??= new FileStream(
        Temporary(Path.Combine(_steps, $"chunk-{_context.ChunkId:D5}.jsonl")), FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);

    private string Temporary(string target) => $"{target}.partial-{_context.Attempt}-{Guid.NewGuid():N}";

    private static int StepOf(string fileName, string prefix)
    {
        ReadOnlySpan<char> digits = fileName.AsSpan(prefix.Length, fileName.Length - prefix.Length - ".json".Length);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int step) ? step : -1;
    }
}
