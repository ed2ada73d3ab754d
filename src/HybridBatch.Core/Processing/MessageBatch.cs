namespace HybridBatch.Core.Processing;

/// <summary>
/// Messages handed to a sink together, laid out in one reusable buffer (no allocation per message).
/// </summary>
public sealed class MessageBatch
{
    private byte[] _data;
    private Entry[] _entries;
    private int _used;

    public MessageBatch(int capacityBytes = 1024 * 1024, int capacityMessages = 4096)
    {
        _data = new byte[capacityBytes];
        _entries = new Entry[capacityMessages];
        CapacityBytes = capacityBytes;
        CapacityMessages = capacityMessages;
    }

    public int Count { get; private set; }

    /// <summary>Bytes of keys and values held.</summary>
    public int Bytes => _used;

    public int CapacityBytes { get; }

    public int CapacityMessages { get; }

    /// <summary>True when another message should go into a new batch.</summary>
    public bool IsFull => Count >= CapacityMessages || _used >= CapacityBytes;

    public OutboundMessage this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            Entry entry = _entries[index];
            return new OutboundMessage(
                _data.AsMemory(entry.Start, entry.KeyLength),
                _data.AsMemory(entry.Start + entry.KeyLength, entry.ValueLength),
                entry.RecordIndex);
        }
    }

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    // Room for a key and a value; Commit records where they are.
    private Span<byte> Reserve(int bytes)
    {
        if (_data.Length - _used < bytes)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + bytes));
        }

        return _data.AsSpan(_used, bytes);
    }

    private void Commit(int keyLength, int valueLength, long recordIndex)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[Count++] = new Entry(_used, keyLength, valueLength, recordIndex);
        _used += keyLength + valueLength;
    }

    /// <summary>Copies a message into the batch.</summary>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long recordIndex)
    {
        Span<byte> room = Reserve(key.Length + value.Length);
        key.CopyTo(room);
        value.CopyTo(room[key.Length..]);
        Commit(key.Length, value.Length, recordIndex);
    }

    private readonly record struct Entry(int Start, int KeyLength, int ValueLength, long RecordIndex);
}
