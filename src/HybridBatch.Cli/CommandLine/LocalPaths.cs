using HybridBatch.Adapters.Storage;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The checks of the paths a command is given on this machine, asked before any work so a bad path fails at once
/// with exit 2 and a message that names it: the input must be a readable regular file
/// (<see cref="LocalInputFile"/>), an output or work folder a writable folder (<see cref="LocalOutputFolder"/>).
/// </summary>
internal static class LocalPaths
{
    /// <summary>The full path of the input file <paramref name="file"/>, checked.</summary>
    public static string Input(string command, string file)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            throw new UsageException($"{command}: the input path is empty: name a file, e.g. 'hybridbatch {command} orders.jsonl --schema orders'");
        }

        string path = Path.GetFullPath(file);
        try
        {
            LocalInputFile.EnsureReadable(path);
        }
        catch (LocalPathException problem)
        {
            throw new UsageException($"{command}: input {problem.Message}");
        }

        return path;
    }

    /// <summary>The full path of the folder <paramref name="setting"/> names, created when missing and checked writable.</summary>
    public static string OutputFolder(string command, string setting, string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new UsageException($"{command}: {setting} is empty: name a folder, e.g. {setting} out");
        }

        string path = Path.GetFullPath(folder);
        try
        {
            LocalOutputFolder.EnsureWritable(setting, path);
        }
        catch (LocalPathException problem)
        {
            throw new UsageException($"{command}: {problem.Message}");
        }

        return path;
    }
}
