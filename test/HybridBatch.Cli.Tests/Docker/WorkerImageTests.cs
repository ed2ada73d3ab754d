using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridBatch.Cli.Tests.Docker;

/// <summary>
/// The Batch worker image, checked without Docker (which cannot run here): the Dockerfile's build stage publishes
/// the CLI with <c>scripts/publish-aot.sh</c>, the script CI and the Makefile use, so the binary the tests run is
/// the binary the image holds; the final stage runs <c>hybridbatch</c> as a non-root user; and the files it copies
/// out of the publish output exist in a real publish of the build context that <c>.dockerignore</c> lets through,
/// and are enough to run a Kafka job. Set <c>HB_WORKER_PUBLISH_DIR</c> to an existing publish output of
/// src/HybridBatch.Cli to skip the publish (about a minute and a half); the context check is then skipped too.
/// </summary>
public sealed partial class WorkerImageTests : IDisposable
{
    private const string PublishScript = "scripts/publish-aot.sh";
    private const string CliProject = "src/HybridBatch.Cli";

    private static readonly DockerfileModel s_dockerfile = DockerfileModel.Parse(System.IO.File.ReadAllText(Repository.File("Dockerfile")));
    private static readonly DockerIgnore s_ignore = new(System.IO.File.ReadAllText(Repository.File(".dockerignore")));

    private readonly TempFolder _folder = new();

    [Fact]
    public void Build_stage_publishes_the_cli_with_the_shared_script_and_the_runtime_glibc_limit()
    {
        DockerStage build = BuildStage();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", build.Image, StringComparison.Ordinal);

        string install = Assert.Single(build.All("RUN"), r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).Arguments;
        string[] packages = install.Split(' ');
        Assert.Contains("clang", packages);
        Assert.Contains("zlib1g-dev", packages);
        Assert.Contains("binutils", packages);

        PublishStep publish = Publish();
        Assert.Equal(CliProject, publish.Project);
        Assert.Matches(@"^\d+\.\d+$", publish.MaxGlibc);
    }

    [Fact]
    public void Every_file_the_build_stage_copies_from_the_context_exists_and_is_not_ignored()
    {
        DockerInstruction[] copies = s_dockerfile.Stages.SelectMany(s => s.All("COPY")).Where(c => !c.Arguments.Contains("--from=", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(copies);
        foreach (DockerInstruction copy in copies)
        {
            string[] words = Words(copy);
            foreach (string source in words[..^1].Where(s => s != "."))
            {
                Assert.True(System.IO.File.Exists(Repository.File(source)) || Directory.Exists(Repository.File(source)), $"line {copy.Line}: {source} does not exist");
                Assert.False(s_ignore.Excludes(source), $"line {copy.Line}: {source} is excluded by .dockerignore");
            }
        }

        // The final stage takes nothing from the context: only what the build stage published.
        Assert.All(s_dockerfile.Final.All("COPY"), c => Assert.Contains($"--from={BuildStage().Name}", c.Arguments, StringComparison.Ordinal));
    }

    [Fact]
    public void The_restore_layer_copies_every_project_the_cli_builds_from()
    {
        // The restore runs before the sources are copied: a project missing here fails the image build.
        var copied = BuildStage().All("COPY").SelectMany(c => Words(c)[..^1]).Where(s => s.EndsWith(".csproj", StringComparison.Ordinal)).ToHashSet();
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([$"{CliProject}/HybridBatch.Cli.csproj"]);
        while (pending.TryPop(out string? project))
        {
            if (!needed.Add(project))
            {
                continue;
            }

            string folder = Path.GetDirectoryName(project)!;
            foreach (Match reference in ProjectReference().Matches(System.IO.File.ReadAllText(Repository.File(project))))
            {
                string relative = Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Repository.File(folder), reference.Groups[1].Value.Replace('\\', '/'))));
                pending.Push(relative.Replace('\\', '/'));
            }
        }

        Assert.True(needed.Count >= 4, string.Join(", ", needed));
        Assert.All(needed, project => Assert.Contains(project, copied));
    }

    [Fact]
    public void Final_stage_runs_hybridbatch_as_a_non_root_user_with_no_secrets()
    {
        DockerStage final = s_dockerfile.Final;
        Assert.NotSame(BuildStage(), final);
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", final.Image, StringComparison.Ordinal);

        string user = Assert.IsType<DockerInstruction>(final.All("USER").LastOrDefault()).Arguments.Split(':')[0];
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Matches(@"^[1-9]\d*$", user);

        string[] entryPoint = JsonSerializer.Deserialize<string[]>(Assert.Single(final.All("ENTRYPOINT")).Arguments)!;
        Assert.Equal(["hybridbatch"], entryPoint);

        // ENTRYPOINT names the binary, so the folder it is copied to must be on PATH.
        string folder = Words(Assert.Single(final.All("COPY")))[^1].TrimEnd('/');
        string path = Assert.Single(final.All("ENV"), e => e.Arguments.StartsWith("PATH=", StringComparison.Ordinal)).Arguments;
        Assert.Contains(folder + ":", path, StringComparison.Ordinal);

        foreach (DockerInstruction setting in s_dockerfile.Stages.SelectMany(s => s.All("ARG").Concat(s.All("ENV"))))
        {
            Assert.DoesNotMatch(SecretName(), setting.Arguments.Split('=', ' ')[0]);
        }
    }

    [Theory]
    [InlineData(".env", true)]
    [InlineData(".aws/credentials", true)]
    [InlineData("deploy/key.pem", true)]
    [InlineData(".git/config", true)]
    [InlineData("src/HybridBatch.Cli/bin/Release/net10.0/hybridbatch.dll", true)]
    [InlineData("src/HybridBatch.Core/obj/project.assets.json", true)]
    [InlineData("out/runs/x/plan.json", true)]
    [InlineData("test/HybridBatch.Cli.Tests/InterruptTests.cs", true)]
    [InlineData("src/HybridBatch.Cli/Program.cs", false)]
    [InlineData("src/HybridBatch.Adapters/Kafka/KafkaSink.cs", false)]
    [InlineData("bench/process_baseline.py", false)]
    [InlineData("scripts/publish-aot.sh", false)]
    [InlineData("global.json", false)]
    public void Dockerignore_keeps_credentials_and_build_outputs_out_and_the_sources_in(string path, bool excluded) =>
        Assert.Equal(excluded, s_ignore.Excludes(path));

    [Theory]
    [InlineData("**/bin", "bin/a", true)]
    [InlineData("**/bin", "src/x/bin/a.dll", true)]
    [InlineData("**/bin", "src/binary.cs", false)]
    [InlineData("test", "test/a.cs", true)]
    [InlineData("test", "src/test/a.cs", false)]
    [InlineData("*.swp", "a.swp", true)]
    [InlineData("*.swp", "src/a.swp", false)]
    [InlineData("src/*.md", "src/a/b.md", false)]
    [InlineData("src/?.md", "src/a.md", true)]
    public void Dockerignore_matching_follows_docker(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnore(pattern).Excludes(path));

    [Fact]
    public void Dockerignore_exceptions_reinclude_what_an_earlier_pattern_excluded()
    {
        var ignore = new DockerIgnore("bench\n!bench/process_baseline.py\n");
        Assert.True(ignore.Excludes("bench/HybridBatch.Benchmarks/Program.cs"));
        Assert.False(ignore.Excludes("bench/process_baseline.py"));
    }

    [Fact]
    public async Task The_files_the_image_copies_come_from_a_real_publish_of_the_context_and_run_a_kafka_job()
    {
        PublishStep publish = Publish();
        string published = Environment.GetEnvironmentVariable("HB_WORKER_PUBLISH_DIR") is { Length: > 0 } given
            ? given
            : await PublishFromBuildContextAsync(publish);

        // The image's folder, assembled from the final stage's COPY --from lines and nothing else.
        string image = _folder.File("image");
        Directory.CreateDirectory(image);
        DockerInstruction copy = Assert.Single(s_dockerfile.Final.All("COPY"));
        string[] sources = Words(copy)[..^1];
        Assert.Contains($"{publish.Output}/hybridbatch", sources);
        foreach (string source in sources)
        {
            Assert.StartsWith(publish.Output + "/", source, StringComparison.Ordinal);
            string file = Path.Combine(published, source[(publish.Output.Length + 1)..]);
            Assert.True(System.IO.File.Exists(file), $"the Dockerfile copies {source}, which the publish did not produce");
            System.IO.File.Copy(file, Path.Combine(image, Path.GetFileName(file)));
        }

        (int glibc, string glibcOut, string glibcErr) = await ChildProcess.RunAsync(
            Repository.File("scripts/check-glibc.sh"), [publish.MaxGlibc, image], Repository.Root, null, TimeSpan.FromMinutes(1));
        Assert.True(glibc == 0, glibcOut + glibcErr);

        // A Kafka run from the image's files alone: both routes (the Batch route as child processes of this very
        // binary) load librdkafka from the folder, publish to a local cluster and read every record back.
        string input = _folder.File("orders.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--records", "3000", "--invalid-rate", "0.005", "--out", input);
        Assert.True(generated == 0, generateLog);
        (int exitCode, string output, string log) = await ChildProcess.RunAsync(
            Path.Combine(image, "hybridbatch"),
            ["run", input, "--schema", "orders", "--destination", "kafka", "--chunk-records", "1200", "--threshold", "1000", "--out", _folder.File("out")],
            _folder.Path,
            HermeticEnvironment.With(),
            TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, log + output);
        Assert.Matches(@"found (\S+) records \(\1 distinct\), published \1: match", output);
    }

    public void Dispose() => _folder.Dispose();

    private static DockerStage BuildStage()
    {
        string name = Regex.Match(Assert.Single(s_dockerfile.Final.All("COPY")).Arguments, @"--from=(\S+)").Groups[1].Value;
        return s_dockerfile.Stage(name);
    }

    /// <summary>The build stage's one publish command: exactly the script with a project and an output folder.</summary>
    private static PublishStep Publish()
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

    /// <summary>Copies what .dockerignore lets into the build context and runs the build stage's publish on it.</summary>
    private async Task<string> PublishFromBuildContextAsync(PublishStep publish)
    {
        Assert.False(s_ignore.HasExceptions, "the context copy prunes excluded folders, which is only right without '!' patterns");
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
            if (s_ignore.Excludes(path))
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

    private static string[] Words(DockerInstruction instruction) =>
        instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex("SECRET|PASSWORD|TOKEN|ACCESS_KEY|CREDENTIAL", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    private sealed record PublishStep(string Project, string Output, string MaxGlibc);
}
