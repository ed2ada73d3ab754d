using HybridBatch.Adapters.Storage;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The checks of the paths a command is given on this machine, asked before any work so a bad path fails at once
/// with exit 2 and a message that names it: the input must be a readable regular file
/// (<see cref="LocalInputFile"/>), an output or work folder a writable folder (<see cref="LocalOutputFolder"/>).
/// </summary>
internal static class LocalPaths
{
    /// <summary>The full path of the input file <paramref name="file"/>; only refuses an empty one (nothing is touched).</summary>
    public static string InputPath(string command, string file) => string.IsNullOrWhiteSpace(file)
        ? throw new UsageException($"{command}: the input path is empty: name a file, e.g. 'hybridbatch {command} orders.jsonl --schema orders'")
        : Path.GetFullPath(file);

    /// <summary>The full path of the folder <paramref name="setting"/> names; only refuses an empty one (nothing is touched).</summary>
    public static string FolderPath(string command, string setting, string folder) => string.IsNullOrWhiteSpace(folder)
        ? throw new UsageException($"{command}: {setting} is empty: name a folder, e.g. {setting} out")
        : Path.GetFullPath(folder);

    /// <summary>The full path of the input file <paramref name="file"/>, checked.</summary>
    public static string Input(string command, string file)
    {
        string path = InputPath(command, file);
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
        string path = FolderPath(command, setting, folder);
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
