using HybridBatch.Adapters.Sinks;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Settings;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The engine's settings from the command line, falling back to the environment variables the deployed
/// functions use (<c>RECORD_DESTINATION</c>, <c>BATCH_PROCESSING_THRESHOLD</c>, read through
/// <see cref="SettingsReader"/>), then to the options types' defaults. Every value is checked here, once, with a
/// message that names it.
/// </summary>
internal sealed record EngineSettings
{
    public required SplitOptions Split { get; init; }

    public required GateOptions Gate { get; init; }

    public required RoutingOptions Routing { get; init; }

    public required ProcessOptions Process { get; init; }

    public required string Destination { get; init; }

    public required double ToleratedFailurePercentage { get; init; }

    public static EngineSettings Read(CommandArguments args, Func<string, string?> environment, int? defaultChunkRecords)
    {
        try
        {
            (SplitOptions split, GateOptions gate) = ReadSplit(args, defaultChunkRecords);
            var settings = new SettingsReader(environment);
            var routing = new RoutingOptions
            {
                BatchProcessingThreshold = args.Long("threshold") ?? settings.Long(SettingNames.BatchProcessingThreshold) ?? RoutingOptions.DefaultBatchProcessingThreshold,
                Policy = args.Text("policy", "threshold") switch
                {
                    "threshold" => RoutingPolicy.Threshold,
                    "cost" => RoutingPolicy.Cost,
                    string other => throw new UsageException($"{args.Command}: --policy must be threshold or cost, got '{other}'"),
                },
            };
            (ProcessOptions process, string destination) = ReadProcessing(args, environment);
            routing.Validate();
            double tolerated = args.Double("tolerated-failure-percentage") ?? AggregateRun.DefaultToleratedFailurePercentage;
            if (double.IsNaN(tolerated) || tolerated is < 0 or > 100)
            {
                throw new UsageException($"{args.Command}: --tolerated-failure-percentage must be between 0 and 100");
            }

            return new EngineSettings
            {
                Split = split,
                Gate = gate,
                Routing = routing,
                Process = process,
                Destination = destination,
                ToleratedFailurePercentage = tolerated,
            };
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"{args.Command}: {invalid.Message}");
        }
    }

    /// <summary>
    /// Only what the split needs (<see cref="EngineOptions.Split"/>): its options and its gate, checked. The validation
    /// job reads just these: routing and processing options would be declared there and do nothing.
    /// </summary>
    public static (SplitOptions Split, GateOptions Gate) ReadSplit(CommandArguments args, int? defaultChunkRecords)
    {
        try
        {
            var scanner = new RecordScannerOptions { MaxRecordBytes = args.Int("max-record-bytes") ?? new RecordScannerOptions().MaxRecordBytes };
            var split = new SplitOptions
            {
                ChunkRecords = args.Int("chunk-records") ?? defaultChunkRecords ?? SplitOptions.DefaultChunkRecords,
                Scanner = scanner,
                MaxDepth = args.Int("max-depth") ?? JsonDepthLimit.Default,
                Threads = args.Int("threads") ?? new SplitOptions().Threads,
            };
            var gate = new GateOptions { MaxErrorRate = args.Double("max-error-rate") ?? new GateOptions().MaxErrorRate, MaxRejectedRecords = args.Long("max-rejected") };
            split.Validate();
            gate.Validate();
            return (split, gate);
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"{args.Command}: {invalid.Message}");
        }
    }

    /// <summary>Only what processing a chunk needs: the message options and the destination.</summary>
    public static (ProcessOptions Process, string Destination) ReadProcessing(CommandArguments args, Func<string, string?> environment)
    {
        try
        {
            var settings = new SettingsReader(environment);
            var defaults = new ProcessOptions();
            var process = new ProcessOptions
            {
                KeyField = args.Text("key-field"),
                StepRecords = args.Int("step-records") ?? settings.Int(SettingNames.StepRecords) ?? defaults.StepRecords,
                StepSeconds = args.Double("step-seconds") ?? settings.Double(SettingNames.StepSeconds) ?? defaults.StepSeconds,
                Revalidate = args.Flag("revalidate") || settings.Bool(SettingNames.Revalidate, defaults.Revalidate),
            };
            process.Validate();
            return (process, args.Text("destination") ?? settings.Text(SettingNames.RecordDestination) ?? LocalSinkFactory.File);
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"{args.Command}: {invalid.Message}");
        }
    }

    /// <summary>
    /// As <see cref="LoadSchema(string, string?, SchemaLoadOptions?)"/>, with <c>--format-assertion</c> and
    /// <c>--strict-keywords</c> from the arguments.
    /// </summary>
    public static RecordSchema LoadSchema(CommandArguments args, string? nameOrPath) =>
        WarnUnknownFormats(LoadSchema(args.Command, nameOrPath, new SchemaLoadOptions
        {
            StrictKeywords = args.Flag("strict-keywords"),
            FormatAssertion = ReadFormatAssertion(args),
        }));

    /// <summary><c>--format-assertion on|off</c>; on (the default) checks the formats this validator knows.</summary>
    public static FormatAssertion ReadFormatAssertion(CommandArguments args)
    {
        string? text = args.Text("format-assertion");
        return text is null ? FormatAssertion.On
            : FormatAssertionText.TryParse(text) ?? throw new UsageException($"{args.Command}: --format-assertion must be {FormatAssertionText.Choices}, got '{text}'");
    }

    /// <summary>An unknown <c>format</c> is an annotation (JSON Schema 2020-12): said once on stderr, never an error.</summary>
    public static RecordSchema WarnUnknownFormats(RecordSchema schema)
    {
        foreach (string unknown in schema.UnknownFormats)
        {
            Console.Error.WriteLine($"warning: schema '{schema.Name}' at {unknown}: unknown format, kept as an annotation (not checked)");
        }

        return schema;
    }

    /// <summary>
    /// A sample schema by name (orders, customers, inventory) or a JSON Schema file; without <c>--schema</c>
    /// (<see cref="RecordSchema.NamesNoSchema"/>), <see cref="RecordSchema.NoSchema"/>.
    /// </summary>
    public static RecordSchema LoadSchema(string command, string? nameOrPath, SchemaLoadOptions? options = null)
    {
        options ??= SchemaLoadOptions.Default;
        if (RecordSchema.NamesNoSchema(nameOrPath))
        {
            return RecordSchema.NoSchema(options.FormatAssertion);
        }

        if (RecordSchema.SampleNames.Contains(nameOrPath))
        {
            return RecordSchema.LoadSample(nameOrPath, options.FormatAssertion);
        }

        if (!File.Exists(nameOrPath))
        {
            throw new UsageException($"{command}: --schema '{nameOrPath}' is neither a sample ({string.Join(", ", RecordSchema.SampleNames)}) nor an existing file");
        }

        return RecordSchema.Load(File.ReadAllBytes(nameOrPath), Path.GetFileName(nameOrPath), options);
    }

    /// <summary>
    /// The input's format from <c>--format</c>, <c>--delimiter</c> and the file name; with
    /// <paramref name="reading"/> also <c>--csv-quotes</c> (a writer such as <c>generate</c> has no use for it).
    /// </summary>
    public static InputFormat DetectFormat(CommandArguments args, string fileName, bool reading = true)
    {
        RecordFormat? format = args.Text("format") switch
        {
            // "auto" lets a job definition default Ref::format to "from the file name".
            null or "auto" => null,
            string named => RecordFormatText.TryParse(named)
                ?? throw new UsageException($"{args.Command}: --format must be {RecordFormatText.Choices} or auto, got '{named}'"),
        };
        char? delimiter = args.Text("delimiter") switch
        {
            null => null,
            "\\t" or "tab" => '\t',
            { Length: 1 } one => one[0],
            string other => throw new UsageException($"{args.Command}: --delimiter must be one character (or 'tab'), got '{other}'"),
        };
        CsvQuotes quotes = CsvQuotes.Lenient;
        if (reading)
        {
            string? text = args.Text("csv-quotes");
            quotes = text is null ? CsvQuotes.Lenient
                : CsvQuotesText.TryParse(text) ?? throw new UsageException($"{args.Command}: --csv-quotes must be {CsvQuotesText.Choices}, got '{text}'");
        }

        InputFormat detected;
        try
        {
            detected = InputFormat.Detect(fileName, format, delimiter, quotes);
        }
        catch (FormatException unknown)
        {
            throw new UsageException($"{args.Command}: {unknown.Message}");
        }

        // Refused, not ignored: a delimiter given for JSON Lines says the user expected CSV, and a silent run
        // would validate the file against a format the user did not mean.
        if (delimiter is not null && detected.Format != RecordFormat.Csv)
        {
            string readAs = detected.Format == RecordFormat.Parquet ? "Parquet" : "JSON Lines";
            throw new UsageException($"{args.Command}: --delimiter applies to CSV only, and '{Path.GetFileName(fileName)}' is read as {readAs}; drop --delimiter or pass --format csv");
        }

        return detected;
    }
}
