using System.Text.RegularExpressions;

namespace HybridBatch.Cli.Tests.Docker;

/// <summary>
/// The worker image's <c>/opt/hybridbatch</c>, built without Docker (which cannot run here), once per test class: the
/// build context <c>.dockerignore</c> lets through is copied, the Dockerfile's build-stage publish command runs on it
/// (<c>scripts/publish-worker.sh</c>, the script the image build runs), and the folder is assembled from the final
/// stage's <c>COPY --from</c> lines and nothing else. So the binary the tests run is the binary the image holds. Set
/// <c>HB_WORKER_PUBLISH_DIR</c> to an existing publish output of src/HybridBatch.Cli to skip the publish (a minute or
/// two); the context copy is then skipped too.
/// </summary>
public sealed partial class WorkerImage : IAsyncLifetime
{
    public const string PublishScript = "scripts/publish-worker.sh";
    public const string CliProject = "src/HybridBatch.Cli";

    private readonly TempFolder _folder = new();

    internal static DockerfileModel Dockerfile { get; } = DockerfileModel.Parse(System.IO.File.ReadAllText(Repository.File("Dockerfile")));

    internal static DockerIgnore Ignore { get; } = new(System.IO.File.ReadAllText(Repository.File(".dockerignore")));

    /// <summary>The image's folder holding <c>hybridbatch</c> (the final stage's COPY destination, on PATH).</summary>
    public string Folder => _folder.File("image");

    public string Binary => Path.Combine(Folder, "hybridbatch");

    internal static DockerStage BuildStage()
    {
        string name = Regex.Match(Assert.Single(Dockerfile.Final.All("COPY")).Arguments, @"--from=(\S+)").Groups[1].Value;
        return Dockerfile.Stage(name);
    }

    /// <summary>The build stage's one publish command: exactly the script with a project and an output folder.</summary>
    public static PublishStep Publish()
    {
        DockerStage build = BuildStage();
        DockerInstruction run = Assert.Single(build.All("RUN"), r => r.Arguments.Contains(PublishScript, StringComparison.Ordinal));

        // Nothing chained after it (no "|| true", no second command): its exit status is the step's.
        string[] words = run.Arguments.Split(' ');
        int script = Array.IndexOf(words, PublishScript);
        Assert.True(script >= 0 && words.Length == script + 3, $"line {run.Line}: expected '{PublishScript} PROJECT OUTPUT', got '{run.Arguments}'");
        Dictionary<string, string> assignments = words[..script]
            .Select(w => w.Split('=', 2))
            .ToDictionary(p => p.Length == 2 ? p[0] : throw new FormatException($"line {run.Line}: '{p[0]}' before the script"), p => p[1]);
        string maxGlibc = Assert.Contains("MAX_GLIBC", assignments);
        if (maxGlibc is "${MAX_GLIBC}" or "$MAX_GLIBC")
        {
            maxGlibc = build.ArgDefault("MAX_GLIBC") ?? throw new FormatException("MAX_GLIBC is passed on but no ARG MAX_GLIBC=... gives its value");
        }

        return new PublishStep(words[script + 1], words[script + 2].TrimEnd('/'), maxGlibc);
    }

    internal static string[] Words(DockerInstruction instruction) =>
        instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();

    public async Task InitializeAsync()
    {
        PublishStep publish = Publish();
        string published = Environment.GetEnvironmentVariable("HB_WORKER_PUBLISH_DIR") is { Length: > 0 } given
            ? given
            : await PublishFromBuildContextAsync(publish);

        Directory.CreateDirectory(Folder);
        DockerInstruction copy = Assert.Single(Dockerfile.Final.All("COPY"));
        foreach (string source in Words(copy)[..^1])
        {
            // Either the whole publish folder or files in it, as the build stage left them.
            string relative = source.TrimEnd('/') == publish.Output ? ""
                : source.StartsWith(publish.Output + "/", StringComparison.Ordinal) ? source[(publish.Output.Length + 1)..]
                : throw new InvalidOperationException($"line {copy.Line}: the final stage copies {source}, outside the publish folder {publish.Output}");
            string path = Path.Combine(published, relative);
            if (Directory.Exists(path))
            {
                CopyFolder(path, Folder);
            }
            else if (System.IO.File.Exists(path))
            {
                System.IO.File.Copy(path, Path.Combine(Folder, Path.GetFileName(path)));
            }
            else
            {
                throw new InvalidOperationException($"line {copy.Line}: the Dockerfile copies {source}, which the publish did not produce");
            }
        }
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Copies what .dockerignore lets into the build context and runs the build stage's publish on it.</summary>
    private async Task<string> PublishFromBuildContextAsync(PublishStep publish)
    {
        Assert.False(Ignore.HasExceptions, "the context copy prunes excluded folders, which is only right without '!' patterns");
        string context = _folder.File("context");
        CopyContext(Repository.Root, context, "");
        string output = _folder.File("published");
        (int exitCode, string stdout, string stderr) = await ChildProcess.RunAsync(
            Path.Combine(context, PublishScript), [publish.Project, output], context,
            new Dictionary<string, string?>
            {
                ["MAX_GLIBC"] = publish.MaxGlibc,
                // No build servers left running after the test.
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["UseSharedCompilation"] = "false",
            },
            TimeSpan.FromMinutes(20));
        Assert.True(exitCode == 0, $"{PublishScript} failed in the build context ({exitCode}):\n{stdout}\n{stderr}");
        return output;
    }

    private static void CopyContext(string from, string to, string relative)
    {
        Directory.CreateDirectory(to);
        foreach (string entry in Directory.EnumerateFileSystemEntries(from))
        {
            string name = Path.GetFileName(entry);
            string path = relative.Length == 0 ? name : relative + "/" + name;
            if (Ignore.Excludes(path))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                CopyContext(entry, Path.Combine(to, name), path);
            }
            else
            {
                // File.Copy keeps the mode bits, so the scripts stay executable as Docker's COPY keeps them.
                System.IO.File.Copy(entry, Path.Combine(to, name));
            }
        }
    }

    // A plain recursive copy: the image's folder is the publish folder's contents, mode bits included.
    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            System.IO.File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    public sealed record PublishStep(string Project, string Output, string MaxGlibc);
}
