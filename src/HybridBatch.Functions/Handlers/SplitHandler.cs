using HybridBatch.Adapters.Wiring;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Hosting;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Functions.Handlers;

/// <summary>
/// <c>split</c>: validates and cuts the object the execution started for, or, when it is over
/// <c>LAMBDA_SPLIT_MAX_BYTES</c>, answers <c>needsBatchValidation</c> without reading it.
/// </summary>
internal sealed class SplitHandler : JsonHandler<SplitEvent, SplitAnswer>
{
    private readonly BoundedSplit _split;
    private readonly IObjectStore _store;
    private readonly SplitHandlerOptions _options;
    private readonly JsonLogger _log;

    public SplitHandler(BoundedSplit split, IObjectStore store, SplitHandlerOptions options, JsonLogger log)
        : base(FunctionsJson.Default.SplitEvent, FunctionsJson.Default.SplitAnswer)
    {
        _split = split;
        _store = store;
        _options = options;
        _log = log;
    }

    protected override async Task<SplitAnswer> HandleAsync(SplitEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        SplitSource source = await SplitSource.ReadAsync(input, _store, cancellationToken).ConfigureAwait(false);
        // The event's schema, else SCHEMA; neither is a run without a schema, as for 'hybridbatch run' without --schema.
        string? schemaReference = RecordSchema.NamesNoSchema(source.Schema) ? _options.Schema : source.Schema;
        RecordSchema schema;
        if (RecordSchema.NamesNoSchema(schemaReference))
        {
            schemaReference = null;
            schema = RecordSchema.NoSchema();
            _log.Info("Schema {Schema}: " + RecordSchema.NoSchemaNotice, schema.Name);
        }
        else
        {
            schema = await SchemaSource.LoadAsync(schemaReference, _store, cancellationToken).ConfigureAwait(false);
        }

        if (schema.UnknownKeywords.Count > 0)
        {
            _log.Warning("Schema {Schema} uses keywords JSON Schema 2020-12 does not define; they are annotations and check nothing: {UnknownKeywords}",
                schemaReference, string.Join(", ", schema.UnknownKeywords));
        }
        InputFormat format = InputFormat.Detect(source.Object.Key, source.Format switch
        {
            null => null,
            string named => RecordFormatText.TryParse(named)
                ?? throw new InvalidEventException($"format must be {RecordFormatText.Choices}, got '{named}'"),
        });
        var request = new SplitRequest(source.Object, schema, format, _options.WorkBucket, _options.Split, _options.Gate) { ExpectedVersion = source.ExpectedVersion };
        BoundedSplitResult result = await _split.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        _log.Correlate(LogKeys.RunId, result.Summary.RunId);
        SplitSummaryLog.Write(_log, source.Object, result.Summary, result.NeedsBatchValidation);
        return SplitAnswer.From(result.Summary, result.NeedsBatchValidation, _options.Map, schemaReference, source.Format);
    }
}
