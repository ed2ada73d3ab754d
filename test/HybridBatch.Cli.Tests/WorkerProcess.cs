using System.Diagnostics;
using System.Text;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>hybridbatch</c> started as a child process, the way a Batch job runs it, with an explicit environment and
/// its standard error kept for failure messages; <see cref="Signal"/> sends it POSIX signals.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the worker wrote to standard output and standard error so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static WorkerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        // Through env(1), which execs in place (same pid), to restore SIGINT and SIGQUIT: a test host started as a
        // background job by a shell without job control inherits them ignored, and so would the worker, which then
        // (rightly, as .NET honours an inherited ignore) never sees the Ctrl+C a test sends it.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--default-signal=INT,QUIT");
        start.ArgumentList.Add(fileName);
        foreach (string argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}"));
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Sends a signal (TERM, KILL, STOP, CONT) with kill(1) and waits until it is delivered; fails if the worker is gone.</summary>
    public async Task Signal(string name) => Assert.True(await TrySignal(name), $"kill -{name} {_process.Id} failed");

    /// <summary>Sends a signal as <see cref="Signal"/> does; false when the worker has already ended (and been reaped).</summary>
    public async Task<bool> TrySignal(string name)
    {
        using Process kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }

    /// <summary>
    /// Waits until the worker has frozen itself (<c>HYBRIDBATCH_CRASH_AT=freeze-mid-step:N</c>): its state in
    /// <c>/proc/PID/stat</c> is T (stopped). Fails if it exits first or does not freeze within <paramref name="limit"/>.
    /// </summary>
    public async Task WaitUntilFrozenAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!IsStopped(_process.Id))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the worker exited ({_process.ExitCode}) before it froze itself mid-chunk:\n{Log}");
            }

            Assert.True(clock.Elapsed < limit, $"the worker did not freeze itself within {limit}:\n{Log}");
            await Task.Delay(5);
        }
    }

    private static bool IsStopped(int pid)
    {
        try
        {
            return Runner.WorkerScan.State(pid) is 'T' or 't';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits for the worker to exit; a worker still running after <paramref name="limit"/> is killed and fails the test.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the worker did not exit within {limit}:\n{Log}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
