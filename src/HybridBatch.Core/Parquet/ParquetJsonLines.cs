using HybridBatch.Core.Json;
using System.Buffers;
using System.Text.Json;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// The rows of consecutive row groups as JSON Lines (one object per row, <c>\n</c> after each), rendered as they are
/// read. The split frames and validates this text with the same scanner and validator as any JSON Lines input, and
/// a worker frames the same text and publishes what the split judged valid (validating again only when asked), so
/// the verdicts are about the very bytes the messages carry. The rendering is deterministic, so a byte
/// offset in it (a worker's checkpoint) means the same row on every read.
/// </summary>
public sealed class ParquetJsonLines : ReadOnlyStream
{
    private readonly ParquetFile _file;
    private readonly int _endGroup;
    private readonly ArrayBufferWriter<byte> _pending = new(4096);
    private readonly Utf8JsonWriter _writer;
    private int _nextGroup;
    private ParquetRowGroupRows? _current;
    private int _pendingOffset;
    private long _row;

    /// <param name="file">The open file.</param>
    /// <param name="firstGroup">The first row group rendered.</param>
    /// <param name="groupCount">How many row groups follow it.</param>
    /// <param name="firstRow">The global index of the first group's first row.</param>
    public ParquetJsonLines(ParquetFile file, int firstGroup, int groupCount, long firstRow)
    {
        _file = file;
        _nextGroup = firstGroup;
        _endGroup = firstGroup + groupCount;
        _row = firstRow;
        _writer = new Utf8JsonWriter(_pending, MinimalJsonEncoder.UncheckedWriterOptions);
    }

    /// <summary>
    /// Rows whose values JSON cannot hold, by global row index, with the reason; such rows are rendered with a bare
    /// non-JSON token, so the validator rejects them, and the split reports this reason instead of a syntax error.
    /// </summary>
    public Dictionary<long, string> Unmappable { get; } = [];

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int copied = 0;
        while (copied < buffer.Length)
        {
            if (_pendingOffset == _pending.WrittenCount)
            {
                if (!await RenderMoreAsync(buffer.Length - copied, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            int take = Math.Min(buffer.Length - copied, _pending.WrittenCount - _pendingOffset);
            _pending.WrittenSpan.Slice(_pendingOffset, take).CopyTo(buffer.Span[copied..]);
            _pendingOffset += take;
            copied += take;
        }

        return copied;
    }

    public override int Read(Span<byte> buffer)
    {
        byte[] bytes = new byte[buffer.Length];
        int read = ReadAsync(bytes).AsTask().GetAwaiter().GetResult();
        bytes.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    /// <summary>Renders rows until about <paramref name="wanted"/> bytes are pending; false at the end.</summary>
    private async ValueTask<bool> RenderMoreAsync(int wanted, CancellationToken cancellationToken)
    {
        _pending.ResetWrittenCount();
        _pendingOffset = 0;
        while (_pending.WrittenCount < wanted)
        {
            if (_current is null || _current.Done)
            {
                _current?.Dispose();
                _current = null;
                if (_nextGroup >= _endGroup)
                {
                    break;
                }

                _current = await _file.ReadRowGroupAsync(_nextGroup++, cancellationToken).ConfigureAwait(false);
                continue;
            }

            _writer.Reset(_pending);
            string? problem = _current.WriteNext(_writer);
            _writer.Flush();
            if (problem is not null)
            {
                // Whatever stood in for the value (a map key has no token of its own), the line is not JSON.
                _pending.Write(" unmappable"u8);
                Unmappable[_row] = problem;
            }

            _pending.Write("\n"u8);

            _row++;
        }

        return _pending.WrittenCount > 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
