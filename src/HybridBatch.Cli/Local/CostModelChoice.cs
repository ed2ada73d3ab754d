using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Routing;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Which cost model <c>plan</c> and <c>run</c> use: <c>--cost-model FILE</c>; else <c>cost-model.json</c> in the
/// <c>--out</c> folder when <c>calibrate</c> wrote one there; else the built-in defaults. Reports say which.
/// </summary>
internal sealed record CostModelChoice(CostModelOptions Options, string Source)
{
    public const string BuiltIn = "built-in defaults";

    public static CostModelChoice Resolve(string command, string? explicitFile, string outDir)
    {
        if (explicitFile is not null)
        {
            string path = Path.GetFullPath(explicitFile);
            if (!File.Exists(path))
            {
                throw new UsageException($"{command}: --cost-model {explicitFile}: no such file (write one with 'hybridbatch calibrate --out {explicitFile}')");
            }

            return Read(path);
        }

        string inOut = Path.Combine(outDir, CostModelFile.FileName);
        return File.Exists(inOut) ? Read(inOut) : new CostModelChoice(new CostModelOptions(), BuiltIn);
    }

    private static CostModelChoice Read(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cost model file {path}: cannot read it: {unreadable.Message}");
        }

        return new CostModelChoice(CostModelFile.Read(json, path), path);
    }
}
