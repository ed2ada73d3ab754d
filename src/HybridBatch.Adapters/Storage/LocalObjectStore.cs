using System.Globalization;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Storage;

/// <summary>
/// The object store on this machine: a bucket is a folder, a key a relative path in it. An object's version
/// is its size and modification time, so a file changed after the split fails the read.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    public Task<ObjectInfo?> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        string path = PathOf(location);
        // FileInfo.Exists is true for a dangling symbolic link; statx follows the link and says nothing is there.
        var file = new FileInfo(path);
        return Task.FromResult(LocalFileStatus.Of(path).Kind is not (LocalFileKind.Missing or LocalFileKind.Directory)
            ? new ObjectInfo(location, file.Length, VersionOf(file), file.LastWriteTimeUtc)
            : null);
    }

    public Task<Stream> OpenReadAsync(ObjectLocation location, long start, long end, string? expectedVersion, CancellationToken cancellationToken)
    {
        if (start < 0 || end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"bad byte range [{start}, {end}) for {location}");
        }

        string path = PathOf(location);
        if (LocalFileStatus.Of(path).Kind is not (LocalFileKind.Regular or LocalFileKind.Missing))
        {
            LocalInputFile.EnsureRegular(path); // a named pipe would block the open below until a writer came
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException) when (expectedVersion is not null)
        {
            throw new ObjectChangedException(location, expectedVersion, null);
        }

        // Checked on the open handle, so a replace between the check and the read cannot slip through.
        var file = new FileInfo(path);
        if (expectedVersion is not null && VersionOf(file) != expectedVersion)
        {
            stream.Dispose();
            throw new ObjectChangedException(location, expectedVersion, VersionOf(file));
        }

        if (end > stream.Length)
        {
            stream.Dispose();
            throw new ArgumentOutOfRangeException(nameof(end), $"byte range [{start}, {end}) is past the end of {location} ({file.Length} bytes)");
        }

        stream.Position = start;
        return Task.FromResult<Stream>(new BoundedReadStream(stream, end - start));
    }

    public Task<Stream> OpenWriteAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        string path = PathOf(location);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.FromResult<Stream>(new CommitOnDisposeFileStream(path));
    }

    public async Task WriteAsync(ObjectLocation location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using Stream stream = await OpenWriteAsync(location, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(bucket);
        string folder = Path.GetDirectoryName(PathOf(new ObjectLocation(bucket, prefix + "x")))!;
        if (!Directory.Exists(folder))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        List<string> keys = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => !path.Contains(".tmp-", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(keys);
    }

    /// <summary>The file behind a location; keys cannot climb out of their bucket.</summary>
    public static string PathOf(ObjectLocation location)
    {
        string root = Path.GetFullPath(location.Bucket.Length == 0 ? "." : location.Bucket);
        string path = Path.GetFullPath(Path.Combine(root, location.Key));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"key '{location.Key}' points outside its bucket '{location.Bucket}'", nameof(location));
        }

        return path;
    }

    private static string VersionOf(FileInfo file) =>
        string.Create(CultureInfo.InvariantCulture, $"{file.Length}-{file.LastWriteTimeUtc.Ticks}");
}
