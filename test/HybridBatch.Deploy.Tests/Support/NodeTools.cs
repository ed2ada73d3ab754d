using System.Diagnostics;
using HybridBatch.Adapters.Tests.Support;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// The npm packages of test/fixtures/stepfunctions (asl-validator, aws-local-stepfunctions, the CloudFormation
/// specification), installed from the committed lock file by <see cref="NpmPackages"/>; the two collections that use them
/// each get an instance, and the install runs once.
/// </summary>
public sealed class NodeTools : IAsyncLifetime
{
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);
    private CloudFormationSpec? _specification;

    public string Folder { get; } = Repository.StepFunctionsFixture;

    /// <summary>db.json.gz of @aws-cdk/aws-service-spec: the CloudFormation resource specification.</summary>
    public string SpecificationFile => Path.Combine(Folder, "node_modules", "@aws-cdk", "aws-service-spec", "db.json.gz");

    /// <summary>The specification, read once (about 2.6 MB compressed).</summary>
    public CloudFormationSpec Specification => _specification ??= CloudFormationSpec.Load(SpecificationFile);

    public Task InitializeAsync() => NpmPackages.EnsureInstalledAsync(Folder, s_installTimeout);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs a program in the fixture folder (so node resolves its node_modules), with extra environment variables.</summary>
    public async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} took longer than {timeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Tests that use the npm packages share one install.</summary>
[CollectionDefinition(Name)]
public sealed class NodeToolsCollection : ICollectionFixture<NodeTools>
{
    public const string Name = "node tools";
}
