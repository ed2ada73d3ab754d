using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// The split of a Parquet file: reads the footer, checks the schema against the columns, cuts chunks on row-group
/// boundaries (whole row groups, about <see cref="SplitOptions.ChunkRecords"/> rows each; a chunk's byte range is
/// its row groups'), and validates every row as the JSON the mapping table gives it, exactly as a worker will
/// render it (<see cref="ParquetJsonLines"/>). Each chunk records what its worker needs to publish without judging
/// again: the rejected rows' indices, the hashes of its row groups' bytes and of the footer. A file that cannot be
/// read to its end is a structural error.
/// </summary>
public sealed class ParquetSplitter
{
    private readonly RecordSchema _schema;
    private readonly SplitOptions _options;

    public ParquetSplitter(RecordSchema schema, SplitOptions options)
    {
        options.Validate();
        _schema = schema;
        _options = options;
    }

    /// <summary>Splits <paramref name="file"/> (seekable, the whole object); <paramref name="name"/> names it in errors.</summary>
    public async Task<SplitOutcome> SplitAsync(Stream file, string name, Stream rejects, CancellationToken cancellationToken)
    {
        var writer = new RejectWriter(rejects, _options.MaxRejectRawBytes, _options.FirstErrorsInReport);
        var structural = new List<string>();
        var chunks = new List<ChunkPlanEntry>();
        long total = 0;
        long valid = 0;
        long bytes = 0;
        ParquetFile? parquet = null;
        try
        {
            parquet = await ParquetFile.OpenAsync(file, name, cancellationToken).ConfigureAwait(false);
            structural.AddRange(ParquetSchemaCheck.Check(_schema, parquet));
            if (structural.Count > 0)
            {
                // The gate fails whatever the rows hold; count them from the footer, validate none.
                total = parquet.Rows;
            }
            else
            {
                var validator = RecordValidator.ForJsonLines(_schema, _options.Scanner.MaxRecordBytes, keyField: null, _options.MaxDepth);
                foreach ((int first, int count) in PlanChunks(parquet.RowGroups, _options.ChunkRecords))
                {
                    ChunkPlanEntry chunk = await SplitChunkAsync(file, parquet, first, count, total, chunks.Count, validator, writer, cancellationToken).ConfigureAwait(false);
                    chunks.Add(chunk);
                    total += chunk.Records;
                    valid += chunk.Records - chunk.Rejected;
                    bytes += chunk.Bytes;
                }
            }
        }
        catch (InputFormatException unreadable)
        {
            structural.Add(unreadable.Message);
        }
        finally
        {
            if (parquet is not null)
            {
                await parquet.DisposeAsync().ConfigureAwait(false);
            }
        }

        return SplitOutcome.Of(chunks, parquet?.ColumnNames, total, valid, bytes, structural, writer);
    }

    /// <summary>
    /// Consecutive row groups per chunk: a chunk takes row groups while it stays within
    /// <paramref name="chunkRecords"/> rows; a row group larger than that is a chunk of its own. Empty row groups
    /// ride along with their neighbours.
    /// </summary>
    public static List<(int First, int Count)> PlanChunks(IReadOnlyList<ParquetRowGroupInfo> groups, long chunkRecords)
    {
        var plan = new List<(int First, int Count)>();
        int first = 0;
        long rows = 0;
        for (int i = 0; i < groups.Count; i++)
        {
            if (i > first && rows > 0 && rows + groups[i].Rows > chunkRecords)
            {
                plan.Add((first, i - first));
                first = i;
                rows = 0;
            }

            rows += groups[i].Rows;
        }

        if (first < groups.Count && (rows > 0 || plan.Count == 0))
        {
            plan.Add((first, groups.Count - first));
        }
        else if (first < groups.Count)
        {
            // Trailing empty row groups belong to the last chunk, so the chunks still cover the file.
            plan[^1] = (plan[^1].First, groups.Count - plan[^1].First);
        }

        return plan;
    }

    private async Task<ChunkPlanEntry> SplitChunkAsync(Stream file, ParquetFile parquet, int first, int count, long startIndex, int chunkId,
        RecordValidator validator, RejectWriter rejects, CancellationToken cancellationToken)
    {
        long index = startIndex;
        ParquetRowGroupInfo firstGroup = parquet.RowGroups[first];
        ParquetRowGroupInfo lastGroup = parquet.RowGroups[first + count - 1];
        var facts = new ChunkFacts(chunkId, startIndex, firstGroup.ByteStart, firstLine: startIndex + 1);
        for (int g = first; g < first + count; g++)
        {
            ParquetRowGroupInfo group = parquet.RowGroups[g];
            long groupStart = index;
            await using var lines = new ParquetJsonLines(parquet, g, 1, groupStart);
            using var scanner = new RecordScanner(lines, RecordFormat.JsonLines, (byte)',', _options.Scanner, 0, groupStart + 1, groupStart);
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                while (scanner.TryRead(out RawRecord record))
                {
                    ValidationError? error = lines.Unmappable.Remove(record.Index, out string? reason)
                        ? new ValidationError("", reason)
                        : validator.Validate(record);
                    if (error is null)
                    {
                        facts.AddValid();
                        continue;
                    }

                    facts.AddRejected(error.PatternTimedOut);
                    rejects.Write(record, error, new ParquetRowLocation(g, record.Index - groupStart, group.ByteStart));
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            index = scanner.NextIndex;
            if (index - groupStart != group.Rows)
            {
                throw parquet.Damaged(group, index - groupStart, $"the footer says {group.Rows} rows, the pages hold {index - groupStart}");
            }
        }

        await HashRowGroupsAsync(file, facts, firstGroup.ByteStart, lastGroup.ByteEnd, cancellationToken).ConfigureAwait(false);

        // The worker renders the rows again but does not judge them: the hashes of the footer and of the row groups'
        // bytes prove it renders the very rows judged here, so it skips the listed rejects and publishes the rest.
        return facts.Close(lastGroup.ByteEnd) with { FirstRowGroup = first, RowGroups = count, ParquetFooterHash = parquet.FooterHash };
    }

    /// <summary>
    /// Hashes bytes [<paramref name="start"/>, <paramref name="end"/>) of the file, the chunk's row groups, as
    /// <see cref="ChunkContentHash"/> says, so a worker proves it renders rows from the very bytes the split judged.
    /// </summary>
    private static async Task HashRowGroupsAsync(Stream file, ChunkFacts facts, long start, long end, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 20];
        file.Position = start;
        for (long at = start; at < end;)
        {
            int read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - at)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InputFormatException($"the file ends at byte {at}, inside row groups that the footer says end at byte {end}");
            }

            facts.Append(buffer.AsSpan(0, read));
            at += read;
        }
    }
}
