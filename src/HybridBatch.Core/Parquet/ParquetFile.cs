using System.Buffers.Binary;
using HybridBatch.Core.Records;
using Parquet;
using Parquet.Meta;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// An open Parquet file: its footer (schema, row groups and their byte ranges) and the rows of any row group as
/// JSON. Every way the file can fail to read (not Parquet, truncated, a corrupt page, levels that do not line up)
/// becomes an <see cref="InputFormatException"/> that names where: the file, and the row group and column.
/// </summary>
public sealed class ParquetFile : IAsyncDisposable
{
    private static readonly ParquetOptions ReadOptions = new() { TreatByteArrayAsString = false };

    private readonly ParquetReader _reader;
    private readonly string _name;

    private ParquetFile(ParquetReader reader, ParquetSchemaTree tree, IReadOnlyList<ParquetRowGroupInfo> rowGroups, string name, string footerHash)
    {
        _reader = reader;
        Tree = tree;
        RowGroups = rowGroups;
        _name = name;
        FooterHash = footerHash;
    }

    /// <summary>
    /// The hash of the footer (<see cref="HashFooterAsync"/>): with the row groups' hashes it proves a worker renders
    /// rows from what the split read, since the footer says how the row groups' bytes become values (types, scales,
    /// units, names).
    /// </summary>
    public string FooterHash { get; }

    public IReadOnlyList<ParquetRowGroupInfo> RowGroups { get; }

    /// <summary>Rows in the whole file, from the footer.</summary>
    public long Rows => RowGroups.Sum(g => g.Rows);

    internal ParquetSchemaTree Tree { get; }

    /// <summary>The top-level column names, in file order (each row's JSON properties).</summary>
    public IReadOnlyList<string> ColumnNames => Tree.Columns.Select(c => c.Name).ToArray();

    /// <summary>
    /// Reads the footer of <paramref name="file"/> (seekable, the whole object); <paramref name="name"/> names it in errors.
    /// </summary>
    public static async Task<ParquetFile> OpenAsync(Stream file, string name, CancellationToken cancellationToken)
    {
        string footerHash = await HashFooterAsync(file, name, cancellationToken).ConfigureAwait(false);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file, ReadOptions, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception unreadable) when (IsDataFault(unreadable))
        {
            throw new InputFormatException($"{name}: the Parquet footer cannot be read: {unreadable.Message}", unreadable);
        }

        try
        {
            FileMetaData meta = reader.Metadata ?? throw new ParquetLayoutException("the footer has no metadata");
            ParquetSchemaTree tree = ParquetSchemaTree.Build(meta.Schema, reader.Schema.GetDataFields());
            var groups = new List<ParquetRowGroupInfo>(meta.RowGroups.Count);
            long next = 4;
            for (int i = 0; i < meta.RowGroups.Count; i++)
            {
                ParquetRowGroupInfo group = Describe(i, meta.RowGroups[i], tree, file.Length);
                if (group.ByteStart < next)
                {
                    throw new ParquetLayoutException($"row group {i} starts at byte {group.ByteStart}, inside the bytes before it (which end at {next})");
                }

                next = group.ByteEnd;
                groups.Add(group);
            }

            return new ParquetFile(reader, tree, groups, name, footerHash);
        }
        catch (Exception unreadable) when (IsDataFault(unreadable))
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw new InputFormatException($"{name}: {unreadable.Message}", unreadable);
        }
    }

    /// <summary>Reads every column of row group <paramref name="index"/> and assembles its rows.</summary>
    internal async Task<ParquetRowGroupRows> ReadRowGroupAsync(int index, CancellationToken cancellationToken)
    {
        ParquetRowGroupInfo info = RowGroups[index];
        using ParquetRowGroupReader group = _reader.OpenRowGroupReader(index);
        var columns = new ParquetColumnData[Tree.Leaves.Count];
        int leaf = 0;
        try
        {
            for (; leaf < columns.Length; leaf++)
            {
                columns[leaf] = await ReadColumnAsync(group, leaf, Tree.Leaves[leaf], Tree.PhysicalFields[leaf], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception unreadable) when (IsDataFault(unreadable))
        {
            string column = leaf < Tree.Leaves.Count ? $", column '{Tree.Leaves[leaf].Path}'" : "";
            throw new InputFormatException(
                $"{_name}: row group {index} (bytes [{info.ByteStart}, {info.ByteEnd})){column} cannot be read: {unreadable.Message}", unreadable);
        }

        return new ParquetRowGroupRows(this, info, new ParquetRowAssembler(Tree, columns), columns);
    }

    /// <summary>The error for a row group whose pages decode but whose rows do not add up.</summary>
    internal InputFormatException Damaged(ParquetRowGroupInfo group, long row, string problem) =>
        new($"{_name}: row group {group.Index} (bytes [{group.ByteStart}, {group.ByteEnd})), row {row}: {problem}");

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    /// <summary>
    /// The hash (<see cref="Splitting.ChunkContentHash.Of"/>) of the file's last bytes from the footer's start: the
    /// footer, its length and PAR1; read before Parquet.Net parses any of it, so a worker can tell a changed footer from
    /// a damaged one. A file that does not end with PAR1 and a length it can hold is not (all of) a Parquet file;
    /// said here, so a truncated upload is named as such. Leaves the stream at its start.
    /// </summary>
    public static async Task<string> HashFooterAsync(Stream file, string name, CancellationToken cancellationToken)
    {
        if (file.Length < 12)
        {
            throw new InputFormatException($"{name}: {file.Length} bytes cannot be a Parquet file (it needs PAR1, a footer and PAR1)");
        }

        byte[] tail = new byte[8];
        file.Position = file.Length - 8;
        await file.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        if (!tail.AsSpan(4).SequenceEqual("PAR1"u8))
        {
            throw new InputFormatException(
                $"{name}: the last 4 bytes (offset {file.Length - 4}) are not PAR1: not a complete Parquet file (truncated, or not Parquet)");
        }

        int footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footer <= 0 || footer > file.Length - 12)
        {
            throw new InputFormatException($"{name}: the footer length at offset {file.Length - 8} says {footer} bytes, which the {file.Length}-byte file cannot hold");
        }

        byte[] last = new byte[footer + 8];
        file.Position = file.Length - last.Length;
        await file.ReadExactlyAsync(last, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        return Splitting.ChunkContentHash.Of(last);
    }

    private static ParquetRowGroupInfo Describe(int index, RowGroup group, ParquetSchemaTree tree, long fileLength)
    {
        if (group.Columns.Count != tree.Leaves.Count)
        {
            throw new ParquetLayoutException($"row group {index} has {group.Columns.Count} column chunks, the schema {tree.Leaves.Count} leaf columns");
        }

        long start = long.MaxValue;
        long end = 0;
        foreach (ColumnChunk chunk in group.Columns)
        {
            ColumnMetaData meta = chunk.MetaData ?? throw new ParquetLayoutException($"row group {index} has a column chunk without metadata (encrypted or external)");
            long first = meta.DictionaryPageOffset is long dictionary && dictionary > 0 && dictionary < meta.DataPageOffset ? dictionary : meta.DataPageOffset;
            start = Math.Min(start, first);
            end = Math.Max(end, first + meta.TotalCompressedSize);
        }

        if (group.NumRows < 0 || start < 4 || end > fileLength - 8 || start > end)
        {
            throw new ParquetLayoutException($"row group {index} says it holds {group.NumRows} rows in bytes [{start}, {end}), outside the {fileLength}-byte file's data");
        }

        return new ParquetRowGroupInfo(index, group.NumRows, start, end);
    }

    /// <summary>
    /// Reads a leaf by its physical type into arrays sized by the chunk's value count (level entries), each a
    /// closed generic call, which Native AOT compiles ahead of time.
    /// </summary>
    private static async Task<ParquetColumnData> ReadColumnAsync(ParquetRowGroupReader group, int leaf, ParquetNode node, global::Parquet.Schema.DataField field, CancellationToken cancellationToken)
    {
        long entries = group.RowGroup.Columns[leaf].MetaData!.NumValues;
        if (entries < 0 || entries > Array.MaxLength)
        {
            throw new ParquetLayoutException($"column '{node.Path}' says it holds {entries} values");
        }

        int count = (int)entries;
        // Buffers for both levels whatever the column needs: the reader decides by its own rules which it fills.
        int[] definition = new int[count];
        int[] repetition = new int[count];
        Array values = node.Element.Type switch
        {
            global::Parquet.Meta.Type.BOOLEAN => await ReadAsync<bool>(group, field, count, definition, repetition, cancellationToken).ConfigureAwait(false),
            global::Parquet.Meta.Type.INT32 => await ReadAsync<int>(group, field, count, definition, repetition, cancellationToken).ConfigureAwait(false),
            global::Parquet.Meta.Type.INT64 => await ReadAsync<long>(group, field, count, definition, repetition, cancellationToken).ConfigureAwait(false),
            global::Parquet.Meta.Type.FLOAT => await ReadAsync<float>(group, field, count, definition, repetition, cancellationToken).ConfigureAwait(false),
            global::Parquet.Meta.Type.DOUBLE => await ReadAsync<double>(group, field, count, definition, repetition, cancellationToken).ConfigureAwait(false),
            _ => await ReadAsync<ReadOnlyMemory<byte>>(group, field, count, definition, repetition, cancellationToken).ConfigureAwait(false),
        };
        return new ParquetColumnData(node, values, node.Definition > 0 ? definition : null, node.Repetition > 0 ? repetition : null, count);
    }

    private static async Task<T[]> ReadAsync<T>(ParquetRowGroupReader group, global::Parquet.Schema.DataField field, int count, int[] definition, int[] repetition, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[count];
        await group.ReadRawAsync<T>(field, values, definition, repetition, cancellationToken).ConfigureAwait(false);
        return values;
    }

    /// <summary>
    /// What a damaged file makes Parquet.Net or the codecs throw. Cancellation and the store's own failures (a
    /// changed object, a network error) are not the file's fault and pass through as they are.
    /// </summary>
    internal static bool IsDataFault(Exception failure) => failure is not (OperationCanceledException or Storage.ObjectChangedException or HttpRequestException or OutOfMemoryException);
}
