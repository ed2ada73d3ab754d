using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>
/// The <c>bootstrap</c> binary as a child process, pointed at a <see cref="FakeRuntimeApi"/> with exactly
/// the settings the test gives (nothing inherited from the test's own AWS environment); killed on disposal.
/// </summary>
public sealed class BootstrapProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private BootstrapProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
                Notify(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> StandardOutput => _stdout;

    public string StandardError => string.Join('\n', _stderr);

    /// <summary>The stdout lines that are JSON objects, parsed.</summary>
    public IReadOnlyList<JsonElement> JsonLines() =>
        [.. _stdout.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement)];

    /// <summary>Waits for a stdout line that matches (one already written counts), or fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, seen));
        }

        foreach (string line in _stdout)
        {
            if (match(line))
            {
                seen.TrySetResult(line);
            }
        }

        try
        {
            return await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching line within {timeout}; stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{StandardError}");
        }
    }

    public static async Task<BootstrapProcess> StartAsync(FakeRuntimeApi api, string handler, IReadOnlyDictionary<string, string>? settings = null)
    {
        string binary = await BootstrapBinary.PathAsync();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("KAFKA_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Host;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "test-" + handler;
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        foreach (KeyValuePair<string, string> setting in settings ?? new Dictionary<string, string>())
        {
            start.Environment[setting.Key] = setting.Value;
        }

        return new BootstrapProcess(Process.Start(start)!);
    }

    private void Notify(string line)
    {
        lock (_waiters)
        {
            foreach ((Func<string, bool> match, TaskCompletionSource<string> seen) in _waiters)
            {
                if (!seen.Task.IsCompleted && match(line))
                {
                    seen.TrySetResult(line);
                }
            }
        }
    }

    /// <summary>Waits for the process to end on its own (after an init error).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
