using System.Globalization;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The split with a size limit, as a host with a time limit runs it: an object larger than the limit is not read
/// at all; the answer says so (<see cref="BoundedSplitResult.NeedsBatchValidation"/>) with the run id and keys it
/// will have, and the same split then runs where there is no time limit (the Batch validation job).
/// </summary>
public sealed class BoundedSplit
{
    private readonly IObjectStore _store;
    private readonly SplitRun _split;
    private readonly long _maxObjectBytes;
    private readonly bool _splitsParquet;

    /// <param name="store">Where the input is.</param>
    /// <param name="split">The split itself, on the same store.</param>
    /// <param name="maxObjectBytes">The largest object split here (bytes as stored).</param>
    /// <param name="splitsParquet">False where Parquet cannot be read (the Native AOT Lambda): any Parquet object goes to the Batch validation job.</param>
    public BoundedSplit(IObjectStore store, SplitRun split, long maxObjectBytes, bool splitsParquet = true)
    {
        _splitsParquet = splitsParquet;
        ArgumentOutOfRangeException.ThrowIfNegative(maxObjectBytes);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _split = split ?? throw new ArgumentNullException(nameof(split));
        _maxObjectBytes = maxObjectBytes;
    }

    public long MaxObjectBytes => _maxObjectBytes;

    public async Task<BoundedSplitResult> ExecuteAsync(SplitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectInfo info = await _store.StatAsync(request.Source, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"input not found: {request.Source}");
        if (request.ExpectedVersion is string expected && expected != info.Version)
        {
            throw new ObjectChangedException(request.Source, expected, info.Version);
        }

        bool parquetElsewhere = request.Format.Format == Records.RecordFormat.Parquet && !_splitsParquet;
        if (info.Size <= _maxObjectBytes && !parquetElsewhere)
        {
            // Pinned to what was just checked, so the split cannot read a newer object than the one measured.
            SplitResult result = await _split.ExecuteAsync(request with { ExpectedVersion = info.Version }, cancellationToken).ConfigureAwait(false);
            return new BoundedSplitResult(result.Summary, NeedsBatchValidation: false);
        }

        var layout = new RunLayout(request.WorkBucket, RunId.Derive(info));
        string reason = parquetElsewhere
            ? "not validated yet: Parquet is read by the Batch validation job (the Native AOT Lambda does not run Parquet.Net)"
            : string.Create(CultureInfo.InvariantCulture,
                $"not validated yet: the object has {info.Size:N0} bytes, over the {_maxObjectBytes:N0} bytes one pass here may read; it is validated by a Batch job");
        SplitSummary deferred = SplitSummary.Of(layout, info, totalRecords: 0, validRecords: 0, rejectedRecords: 0, chunks: 0, gatePassed: false, [reason]);
        return new BoundedSplitResult(deferred, NeedsBatchValidation: true);
    }
}
