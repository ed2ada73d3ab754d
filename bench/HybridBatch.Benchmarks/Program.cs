using BenchmarkDotNet.Running;

namespace HybridBatch.Benchmarks;

/// <summary>
/// Run with: dotnet run -c Release --project bench/HybridBatch.Benchmarks -- --filter '*'
/// On a loaded machine wall-clock figures swing too much to compare: <c>stage NAME COUNT</c> runs one
/// <see cref="StageBenchmarks"/> method (or, named <c>Payments.NAME</c>, a <see cref="PaymentsBenchmarks"/> one) COUNT times and nothing else, for <c>perf stat -e cycles:u</c> (CPU cycles
/// spent, whatever else runs): the difference between two counts divided by their difference is one run's cost.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["stage", string name, string count])
        {
            // "Payments.Split" runs a PaymentsBenchmarks method; a bare name is a StageBenchmarks one.
            bool payments = name.StartsWith("Payments.", StringComparison.Ordinal);
            object stages = payments ? new PaymentsBenchmarks() : new StageBenchmarks();
            stages.GetType().GetMethod("Setup")!.Invoke(stages, null);
            System.Reflection.MethodInfo method = stages.GetType().GetMethod(payments ? name["Payments.".Length..] : name)
                ?? throw new ArgumentException($"no stage named {name}");
            // Also the fastest and the median run by the wall clock: on a loaded machine the fastest run is the one
            // least disturbed, so two builds compare best by it, alternated.
            var times = new List<double>();
            for (int i = 0; i < int.Parse(count, System.Globalization.CultureInfo.InvariantCulture); i++)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                method.Invoke(stages, null);
                times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            times.Sort();
            double perRecord = 1e6 / (payments ? PaymentsBenchmarks.RecordCount : StageBenchmarks.RecordCount);
            Console.WriteLine($"{name}: fastest {times[0] * perRecord:F0} ns/record, median {times[times.Count / 2] * perRecord:F0} ns/record over {times.Count} runs");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
