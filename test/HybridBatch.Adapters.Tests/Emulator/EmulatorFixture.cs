using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Tests.Support;

namespace HybridBatch.Adapters.Tests.Emulator;

/// <summary>
/// One fauxqs process (S3 and SQS on one port, 127.0.0.1 only) for the tests of the emulator collection.
/// Installs the npm packages from the committed lock file on first use, starts the server on a free port,
/// waits for its ready line and <c>GET /health</c>, and kills it when the tests are done.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);
    private Process? _server;
    private readonly List<string> _output = [];

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Dummy keys: the emulator accepts any signature, the SDK still wants something to sign with.</summary>
    public AWSCredentials Credentials { get; } = new BasicAWSCredentials("test", "test");

    /// <summary>The settings a host would read from its environment, pointing at this emulator.</summary>
    public Func<string, string?> Environment => name => name switch
    {
        "AWS_ENDPOINT_URL" => Endpoint.ToString(),
        "AWS_REGION" => "us-east-1",
        _ => null,
    };

    public AwsEndpoints Endpoints => AwsEndpoints.FromEnvironment(Environment);

    public IAmazonS3 S3 { get; private set; } = null!;

    public IAmazonSQS Sqs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string folder = Path.Combine(RepositoryRoot(), "test", "fixtures", "emulator");
        await NpmPackages.EnsureInstalledAsync(folder, s_installTimeout);

        int port = FreePort();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _server = new Process { StartInfo = start, EnableRaisingEvents = true };
        _server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Remember(e.Data);
            if (e.Data.StartsWith("fauxqs ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Remember(e.Data);
            }
        };
        _server.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the emulator exited early: {Output()}"));
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(s_startTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the emulator did not report ready within {s_startTimeout.TotalSeconds} s: {Output()}");
        }

        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            HttpResponseMessage health = await http.GetAsync(new Uri(Endpoint, "health"));
            health.EnsureSuccessStatusCode();
        }

        S3 = Endpoints.CreateS3Client(Credentials);
        Sqs = Endpoints.CreateSqsClient(Credentials);
    }

    public Task DisposeAsync()
    {
        S3?.Dispose();
        Sqs?.Dispose();
        if (_server is not null)
        {
            try
            {
                if (!_server.HasExited)
                {
                    _server.Kill(entireProcessTree: true);
                    _server.WaitForExit(5_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            _server.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>A fresh bucket, so tests sharing the emulator do not see each other's objects.</summary>
    public async Task<string> CreateBucketAsync()
    {
        string bucket = $"test-{Guid.NewGuid():N}"[..30];
        await S3.PutBucketAsync(bucket);
        return bucket;
    }

    /// <summary>A fresh queue (FIFO when <paramref name="fifo"/>), returning its URL.</summary>
    public async Task<string> CreateQueueAsync(bool fifo)
    {
        string name = $"test-{Guid.NewGuid():N}" + (fifo ? ".fifo" : string.Empty);
        var request = new Amazon.SQS.Model.CreateQueueRequest { QueueName = name };
        if (fifo)
        {
            request.Attributes = new Dictionary<string, string> { ["FifoQueue"] = "true" };
        }

        return (await Sqs.CreateQueueAsync(request)).QueueUrl;
    }

    private void Remember(string line)
    {
        lock (_output)
        {
            if (_output.Count < 200)
            {
                _output.Add(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Functions.sln above {AppContext.BaseDirectory}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
