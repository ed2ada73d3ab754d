using System.Diagnostics;
using System.Text.Json;

namespace HybridBatch.Bench;

/// <summary>Runs the embedded plain-Python process baseline on the same file and reads its records/s.</summary>
public static class PythonBaseline
{
    /// <summary>Records per second, or null with the reason when Python is not available.</summary>
    public static async Task<(double? RecordsPerSecond, string Note)> MeasureAsync(string file, long records, string folder, CancellationToken cancellationToken)
    {
        string script = Path.Combine(folder, "process_baseline.py");
        await using (Stream resource = typeof(PythonBaseline).Assembly.GetManifestResourceStream("process_baseline.py")!)
        await using (FileStream target = File.Create(script))
        {
            await resource.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(records.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "python3 not found: baseline skipped");
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return (null, $"python baseline failed: {(await errors.ConfigureAwait(false)).Trim()}");
            }

            using JsonDocument result = JsonDocument.Parse(await output.ConfigureAwait(false));
            double seconds = result.RootElement.GetProperty("seconds").GetDouble();
            long done = result.RootElement.GetProperty("records").GetInt64();
            return (done / seconds, $"python3, standard library, first {done:N0} records");
        }
    }
}
