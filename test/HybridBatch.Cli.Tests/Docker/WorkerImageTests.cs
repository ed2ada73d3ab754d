using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridBatch.Cli.Tests.Docker;

/// <summary>
/// The Batch worker image's Dockerfile and build context, checked without Docker (which cannot run here): the build
/// stage publishes the CLI with <c>scripts/publish-worker.sh</c> (the JIT build; <see cref="WorkerImage"/> runs it as
/// the image build does, and <see cref="WorkerBinaryTests"/> runs what it produced), restores what that publish needs,
/// and the final stage runs <c>hybridbatch</c> as a non-root user with nothing from the context but the build output.
/// </summary>
public sealed partial class WorkerImageTests
{
    private const string CliProject = WorkerImage.CliProject;

    private static readonly DockerfileModel s_dockerfile = WorkerImage.Dockerfile;
    private static readonly DockerIgnore s_ignore = WorkerImage.Ignore;

    [Fact]
    public void Build_stage_publishes_the_cli_with_the_worker_script_and_the_runtime_glibc_limit()
    {
        DockerStage build = BuildStage();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", build.Image, StringComparison.Ordinal);

        // objdump for the glibc check; no clang: a JIT publish links nothing natively.
        string install = Assert.Single(build.All("RUN"), r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).Arguments;
        string[] packages = install.Split(' ');
        Assert.Contains("binutils", packages);
        Assert.DoesNotContain("clang", packages);

        WorkerImage.PublishStep publish = WorkerImage.Publish();
        Assert.Equal(CliProject, publish.Project);
        Assert.Matches(@"^\d+\.\d+$", publish.MaxGlibc);
    }

    [Fact]
    public void The_restore_layer_restores_what_the_worker_publish_needs()
    {
        // A restore for other settings than the publish's leaves the runtime or ReadyToRun packs to the publish layer,
        // which then downloads them again on every source change.
        string restore = Assert.Single(BuildStage().All("RUN"), r => r.Arguments.Contains("dotnet restore", StringComparison.Ordinal)).Arguments;
        string script = File.ReadAllText(Repository.File(WorkerImage.PublishScript));
        Assert.Contains("-r linux-x64", restore, StringComparison.Ordinal);
        Assert.Contains("RUNTIME:-linux-x64", script, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", restore, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", script, StringComparison.Ordinal);
        Assert.Contains("-p:SelfContained=true", restore, StringComparison.Ordinal);
        Assert.Contains("--self-contained true", script, StringComparison.Ordinal);
        Assert.DoesNotContain("PublishAot=true", restore, StringComparison.Ordinal);
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
    [InlineData("scripts/publish-worker.sh", false)]
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

    private static DockerStage BuildStage() => WorkerImage.BuildStage();

    private static string[] Words(DockerInstruction instruction) => WorkerImage.Words(instruction);

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex("SECRET|PASSWORD|TOKEN|ACCESS_KEY|CREDENTIAL", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
