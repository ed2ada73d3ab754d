using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core.Processing;
using Microsoft.Win32.SafeHandles;
using Xunit.Abstractions;

namespace HybridBatch.Adapters.Tests.Sinks;

/// <summary>
/// The file sink hands written pages back to the kernel as it goes (<see cref="WrittenPageRelease"/>): the parts must
/// hold the same bytes with and without it, and the pages it releases must leave the page cache.
/// </summary>
public class WrittenPageReleaseTests(ITestOutputHelper output) : IDisposable
{
    // On the test's own disk, not under the temp path, which may be a tmpfs (whose pages are the file: never released).
    private readonly string _folder = Path.Combine(AppContext.BaseDirectory, $"hb-release-{Guid.NewGuid():N}");

    [Fact]
    public async Task Parts_are_the_same_bytes_whether_pages_are_released_after_every_write_or_never()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int trial = 0; trial < 4; trial++)
        {
            var context = new ChunkContext($"run-{trial}", trial, "in/release.jsonl", 1);
            // Window 1: a release after every write and a committed part released at the next one; 0: never released.
            string released = Path.Combine(_folder, $"released-{trial}");
            string kept = Path.Combine(_folder, $"kept-{trial}");
            var expected = new List<byte[]>();
            await using (var releasing = new FileSink(released, context, new WrittenPageRelease(random.Next(2) == 0 ? 1 : 300_000, new LeftBehindParts())))
            await using (var keeping = new FileSink(kept, context, new WrittenPageRelease(0)))
            {
                long index = 0;
                int steps = random.Next(1, 5);
                for (int step = 0; step < steps; step++)
                {
                    var part = new MemoryStream();
                    int batches = random.Next(0, 6);
                    for (int b = 0; b < batches; b++)
                    {
                        MessageBatch batch = RandomBatch(random, ref index);
                        part.Write(new EnvelopeWriter(context).Render(batch).Span);
                        await releasing.WriteAsync(batch, CancellationToken.None);
                        await keeping.WriteAsync(batch, CancellationToken.None);
                    }

                    expected.Add(part.ToArray());
                    ChunkCheckpoint reached = Checkpoints.Step(context, step: step + 1, nextIndex: index, published: index);
                    await releasing.CommitStepAsync(reached, CancellationToken.None);
                    await keeping.CommitStepAsync(reached, CancellationToken.None);
                }
            }

            for (int step = 0; step < expected.Count; step++)
            {
                string name = FileSink.PartName(trial, step);
                Assert.Equal(expected[step], await File.ReadAllBytesAsync(Path.Combine(kept, name)));
                Assert.Equal(expected[step], await File.ReadAllBytesAsync(Path.Combine(released, name)));
            }

            Assert.Equal(expected.Count, Directory.GetFiles(released, "*.jsonl").Length);
            Assert.Empty(Directory.GetFiles(released, "*.partial*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public void Pages_on_disk_leave_the_page_cache_when_a_window_fills_and_the_committed_part_at_the_next_one()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Directory.CreateDirectory(_folder);
        string open = Path.Combine(_folder, "open.jsonl");
        string committed = Path.Combine(_folder, "committed.jsonl");
        const int Bytes = 1 << 20;
        using SafeFileHandle openPart = Written(open, Bytes);
        Written(committed, Bytes, flush: false).Dispose();
        Assert.True(ResidentPages(committed) > 0, "a page written a moment ago is cached");
        using (var release = new WrittenPageRelease(windowBytes: 2 * Bytes))
        {
            // Starts the part's pages on their way to disk (whether some are already there is the disk's business).
            release.Committed(committed);
            // On disk before the next window, as a part written a window earlier normally is by then.
            FlushToDisk(committed);

            release.Wrote(openPart, Bytes);
            Assert.True(ResidentPages(open) > 0, "half a window releases nothing");

            release.Wrote(openPart, Bytes);
            Assert.Equal(0, ResidentPages(open));
            Assert.Equal(0, ResidentPages(committed));
        }

        byte[] expected = Content(Bytes);
        Assert.Equal(expected, File.ReadAllBytes(open));
        Assert.Equal(expected, File.ReadAllBytes(committed));
    }

    [Fact]
    public async Task The_file_sink_releases_a_committed_part_at_the_next_window()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The part is written under an exclusive lock (FileShare.None): what is released after the commit must be
        // opened after the lock is gone, or it is not released at all.
        var context = new ChunkContext("run-r", 9, "in/release.jsonl", 1);
        long index = 0;
        await using var sink = new FileSink(_folder, context, new WrittenPageRelease(1 << 20));
        for (int i = 0; i < 3; i++)
        {
            await sink.WriteAsync(BatchOf(64 * 1024, ref index), CancellationToken.None);
        }

        await sink.CommitStepAsync(Checkpoints.Step(context, step: 1, nextIndex: index, published: index), CancellationToken.None);
        string committed = Path.Combine(_folder, FileSink.PartName(9, 0));
        // On disk before the next window, as a part written a window earlier normally is by then.
        FlushToDisk(committed);
        Assert.True(ResidentPages(committed) > 0, "a part written and flushed a moment ago is cached");

        await sink.WriteAsync(BatchOf(16 * 1024, ref index), CancellationToken.None);
        Assert.True(ResidentPages(committed) > 0, "a small write fills no window");

        await sink.WriteAsync(BatchOf(1 << 20, ref index), CancellationToken.None);
        Assert.Equal(0, ResidentPages(committed));
    }

    [Fact]
    public async Task A_finished_chunks_last_part_is_released_by_the_next_window_of_another_chunk()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var leftBehind = new LeftBehindParts();
        var first = new ChunkContext("run-r", 1, "in/release.jsonl", 1);
        long index = 0;
        await using (var sink = new FileSink(_folder, first, new WrittenPageRelease(1 << 20, leftBehind)))
        {
            await sink.WriteAsync(BatchOf(200 * 1024, ref index), CancellationToken.None);
            await sink.CommitStepAsync(Checkpoints.Step(first, step: 1, nextIndex: index, published: index), CancellationToken.None);
        }

        string last = Path.Combine(_folder, FileSink.PartName(1, 0));
        FlushToDisk(last);
        Assert.True(ResidentPages(last) > 0, "a part written and flushed a moment ago is cached");

        var second = new ChunkContext("run-r", 2, "in/release.jsonl", 1);
        await using (var sink = new FileSink(_folder, second, new WrittenPageRelease(1 << 20, leftBehind)))
        {
            await sink.WriteAsync(BatchOf(100 * 1024, ref index), CancellationToken.None);
            Assert.True(ResidentPages(last) > 0, "a small write fills no window");

            await sink.WriteAsync(BatchOf(1 << 20, ref index), CancellationToken.None);
            Assert.Equal(0, ResidentPages(last));
        }
    }

    [Fact]
    public void A_window_of_0_makes_no_call_and_a_negative_one_is_refused()
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "kept.jsonl");
        using SafeFileHandle part = Written(path, 1 << 16);
        using (var release = new WrittenPageRelease(windowBytes: 0))
        {
            release.Wrote(part, int.MaxValue);
            release.Committed(path);
        }

        Assert.True(!OperatingSystem.IsLinux() || ResidentPages(path) > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WrittenPageRelease(-1));
    }

    // A file of `bytes` bytes written, and unless told otherwise flushed to disk, so its pages are cached and clean.
    private static SafeFileHandle Written(string path, int bytes, bool flush = true)
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(handle, Content(bytes), 0);
        if (flush)
        {
            RandomAccess.FlushToDisk(handle);
        }

        return handle;
    }

    private static void FlushToDisk(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.FlushToDisk(handle);
    }

    // Messages of 1,000 value bytes, about `bytes` in all.
    private static MessageBatch BatchOf(int bytes, ref long index)
    {
        var batch = new MessageBatch();
        for (int written = 0; written < bytes; written += 1_000, index++)
        {
            batch.Add(Encoding.UTF8.GetBytes($"run-r:{index}"), Encoding.UTF8.GetBytes("{\"n\":\"" + new string('q', 992) + "\"}"), index);
        }

        return batch;
    }

    private static byte[] Content(int bytes) => Enumerable.Range(0, bytes).Select(i => (byte)('a' + (i % 26))).ToArray();

    // How many of the file's pages are in the page cache (mincore on a shared mapping reports the page cache's pages).
    private static int ResidentPages(string path)
    {
        long length = new FileInfo(path).Length;
        using var mapping = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using MemoryMappedViewAccessor view = mapping.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        IntPtr start = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
        byte[] pages = new byte[(length + Environment.SystemPageSize - 1) / Environment.SystemPageSize];
        Assert.Equal(0, Mincore(start, (nuint)length, pages));
        return pages.Count(page => (page & 1) != 0);
    }

    private static MessageBatch RandomBatch(Random random, ref long index)
    {
        var batch = new MessageBatch(capacityBytes: 1024, capacityMessages: 8);
        int count = random.Next(1, 400);
        for (int i = 0; i < count; i++, index++)
        {
            string value = "{\"n\":\"" + new string((char)('a' + random.Next(26)), random.Next(0, 3_000)) + "\"}";
            batch.Add(Encoding.UTF8.GetBytes($"run:{index}"), Encoding.UTF8.GetBytes(value), index);
        }

        return batch;
    }

    [DllImport("libc.so.6", EntryPoint = "mincore", SetLastError = true)]
    private static extern int Mincore(IntPtr start, nuint length, byte[] pages);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
