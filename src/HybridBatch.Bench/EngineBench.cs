using System.Diagnostics;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Bench;

/// <summary>The engine's hot paths and their in-run baselines, each on one thread, over a file in the page cache.</summary>
public sealed class EngineBench(string file, RecordSchema schema)
{
    private const int ReadSize = 1 << 20;

    /// <summary>Baseline of the scan: read the file and count line feeds, nothing else. MB/s.</summary>
    public async Task<double> ReadAndCountLinesAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        byte[] buffer = new byte[ReadSize];
        long lines = 0;
        long bytes = 0;
        await using (FileStream stream = Open())
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                bytes += read;
            }
        }

        GC.KeepAlive(lines);
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Split + validate: frame, check UTF-8, validate against the schema, count, plan. MB/s.</summary>
    public async Task<(double MegabytesPerSecond, SplitOutcome Outcome)> SplitAsync(CancellationToken cancellationToken)
    {
        var splitter = new Splitter(schema, InputFormat.JsonLines, new SplitOptions { ChunkRecords = int.MaxValue });
        var clock = Stopwatch.StartNew();
        SplitOutcome outcome;
        await using (FileStream stream = Open())
        {
            outcome = await splitter.SplitAsync(stream, Stream.Null, staging: null, cancellationToken).ConfigureAwait(false);
        }

        return (outcome.Bytes / 1e6 / clock.Elapsed.TotalSeconds, outcome);
    }

    /// <summary>Process into the discard sink: read, validate, build each message, hand it over. Records/s.</summary>
    public async Task<double> ProcessToDiscardAsync(SplitOutcome outcome, CancellationToken cancellationToken)
    {
        ChunkPlanEntry chunk = outcome.Chunks.Single();
        ChunkPlan plan = PlanFor(file, schema, outcome);
        var processor = new ChunkProcessor(plan, schema, new ProcessOptions());
        IRecordSink sink = await LocalSinkFactory.Create(LocalSinkFactory.Discard, null)
            .CreateAsync(new ChunkContext("bench", 0, file, 1), cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        ChunkCounts counts;
        await using (FileStream stream = Open())
        {
            stream.Position = chunk.ByteStart;
            counts = await processor.ProcessAsync(chunk, stream, sink, null, cancellationToken).ConfigureAwait(false);
        }

        return counts.Records / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A plan of the whole file as one chunk, as the split saw it.</summary>
    public static ChunkPlan PlanFor(string file, RecordSchema schema, SplitOutcome outcome) => new()
    {
        RunId = "bench",
        Source = new ObjectLocation("", file),
        SourceVersion = "bench",
        SourceSize = outcome.Bytes,
        Format = RecordFormat.JsonLines,
        Delimiter = ",",
        Schema = schema.Name,
        ChunkRecords = int.MaxValue,
        MaxRecordBytes = new RecordScannerOptions().MaxRecordBytes,
        TotalRecords = outcome.TotalRecords,
        ValidRecords = outcome.ValidRecords,
        RejectedRecords = outcome.RejectedRecords,
        Chunks = outcome.Chunks,
    };

    private FileStream Open() => new(file, FileMode.Open, FileAccess.Read, FileShare.Read, ReadSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
