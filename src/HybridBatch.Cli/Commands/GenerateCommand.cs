using System.Globalization;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Compression;
using HybridBatch.Generation;
using HybridBatch.Core.Records;

namespace HybridBatch.Cli.Commands;

/// <summary><c>hybridbatch generate --schema orders --records N --out FILE</c>: synthetic data, optionally with invalid records.</summary>
internal static class GenerateCommand
{
    public static int Execute(CommandArguments args, CliConsole console)
    {
        string output = args.Required("out");
        string schema = args.Text("schema", "orders");
        long records = args.Long("records") ?? 1_000_000;
        GeneratorOptions options = Options(args, output);
        int rowGroupRows = args.Int("row-group-rows") ?? DefaultRowGroupRows;
        args.EnsureNoneLeft();
        if (records < 0)
        {
            throw new UsageException("generate: --records must not be negative");
        }

        if (rowGroupRows < 1)
        {
            throw new UsageException("generate: --row-group-rows must be at least 1");
        }

        GenerationSummary summary = options.Format == RecordFormat.Parquet
            ? GenerateParquet(schema, output, records, options, rowGroupRows, console.Log)
            : Generate(schema, output, records, options, console.Log);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {summary.Records:N0} records ({summary.Invalid:N0} invalid), {summary.Bytes:N0} bytes, to {Path.GetFullPath(output)}"));
        return ExitCodes.Success;
    }

    public static GeneratorOptions Options(CommandArguments args, string output)
    {
        var format = EngineSettings.DetectFormat(args, output, reading: false);
        try
        {
            return new GeneratorOptions
            {
                Seed = args.Int("seed") ?? 42,
                InvalidRate = args.Double("invalid-rate") ?? 0,
                Format = format.Format,
                Delimiter = format.Delimiter,
            };
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"{args.Command}: {invalid.Message}");
        }
    }

    /// <summary>Rows per row group of a generated Parquet file unless <c>--row-group-rows</c> says otherwise.</summary>
    public const int DefaultRowGroupRows = 10_000;

    /// <summary>
    /// Writes <paramref name="records"/> records as Parquet: the same records as JSON Lines would hold (same seed,
    /// same invalid ones), converted column by column (<see cref="ParquetTableWriter"/>).
    /// </summary>
    public static GenerationSummary GenerateParquet(string schema, string output, long records, GeneratorOptions options, int rowGroupRows, TextWriter? warnings = null)
    {
        IReadOnlyList<Parquet.Schema.DataField> columns;
        try
        {
            columns = ParquetTableWriter.Columns(SchemaJson(schema).Span);
        }
        catch (ArgumentException unsupported)
        {
            throw new UsageException($"generate: {unsupported.Message}");
        }

        string lines = output + ".jsonl.tmp";
        try
        {
            GenerationSummary json = Generate(schema, lines, records, options with { Format = RecordFormat.JsonLines }, warnings);
            using FileStream source = File.OpenRead(lines);
            using FileStream target = File.Create(output);
            ParquetTableWriter.WriteAsync(source, columns, target, rowGroupRows, CancellationToken.None).GetAwaiter().GetResult();
            return json with { Bytes = target.Length };
        }
        finally
        {
            File.Delete(lines);
        }
    }

    /// <summary>
    /// Writes <paramref name="records"/> records for a sample schema (or a schema file) to a file. The keywords the
    /// generator does not satisfy by construction go to <paramref name="warnings"/> as one line, before any record.
    /// </summary>
    public static GenerationSummary Generate(string schema, string output, long records, GeneratorOptions options, TextWriter? warnings = null)
    {
        ReadOnlyMemory<byte> schemaJson = SchemaJson(schema);
        RecordGenerator generator;
        try
        {
            generator = new RecordGenerator(schemaJson.Span, options);
        }
        catch (ArgumentException unsupported)
        {
            throw new UsageException($"generate: {unsupported.Message}");
        }

        if (generator.UnconstructedWarning is { } warning)
        {
            warnings?.WriteLine($"warning: {warning}");
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(output));
        Directory.CreateDirectory(folder!);
        using FileStream file = File.Create(output);
        using Stream target = Compressing(file, InputCompressionText.FromName(output.ToLowerInvariant()).Compression);
        return generator.Write(target, records);
    }

    private static ReadOnlyMemory<byte> SchemaJson(string schema) => SampleData.Names.Contains(schema) ? SampleData.Open(schema)
        : File.Exists(schema) ? File.ReadAllBytes(schema)
        : throw new UsageException($"generate: --schema '{schema}' is neither a sample ({string.Join(", ", SampleData.Names)}) nor an existing file");

    /// <summary>The file, compressed as its name says (.gz, .zst), as run reads it back.</summary>
    private static Stream Compressing(FileStream file, InputCompression compression)
    {
        switch (compression)
        {
            case InputCompression.Gzip:
                return new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
            case InputCompression.Zstd:
                var zstd = new ZstdSharp.CompressionStream(file, level: 1, leaveOpen: false);
                zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
                return zstd;
            default:
                return file;
        }
    }
}
