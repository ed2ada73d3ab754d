namespace HybridBatch.Core.Schema;

/// <summary>
/// Per-thread buffers for the rare cases that need copies: escaped strings, and the names of properties the
/// schema does not list (kept so duplicates among them are caught). Reused across records, so steady state
/// allocates nothing. The names are found through a chained hash index (<see cref="HashCode"/>, seeded per process,
/// so crafted names cannot force collisions): a linear scan made an object of n unlisted names cost n²/2 compares,
/// seconds for one 1 MiB record of short names.
/// </summary>
internal sealed class ValidationScratch
{
    [ThreadStatic]
    private static ValidationScratch? _current;

    private byte[] _names = new byte[256];
    private int _namesLength;
    private (int Start, int Length, int Hash, int Next)[] _entries = new (int, int, int, int)[16];

    // Bucket heads (entry index, -1 for none). Entries are added and truncated in stack order, so every chain runs
    // from its newest entry to its oldest, and the newest entry is always the head of its own bucket.
    private int[] _buckets = NewBuckets(64);
    private byte[] _text = new byte[256];

    public static ValidationScratch Current => _current ??= new ValidationScratch();

    /// <summary>Number of unknown names recorded; objects truncate back to their starting count when done.</summary>
    public int Count { get; private set; }

    public void Reset() => Truncate(0);

    public void Truncate(int count)
    {
        for (int i = Count - 1; i >= count; i--)
        {
            _buckets[_entries[i].Hash & (_buckets.Length - 1)] = _entries[i].Next;
        }

        Count = count;
        _namesLength = count == 0 ? 0 : _entries[count - 1].Start + _entries[count - 1].Length;
    }

    /// <summary>A buffer of at least <paramref name="length"/> bytes for unescaping one value.</summary>
    public Span<byte> Text(int length)
    {
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        return _text.AsSpan(0, length);
    }

    /// <summary>Free space after the recorded names, at least <paramref name="length"/> bytes, for unescaping a name.</summary>
    public Span<byte> NameSpace(int length)
    {
        if (_names.Length - _namesLength < length)
        {
            Array.Resize(ref _names, Math.Max(_namesLength + length, _names.Length * 2));
        }

        return _names.AsSpan(_namesLength, length);
    }

    /// <summary>True when <paramref name="utf8Name"/> equals a name recorded at or after <paramref name="from"/>.</summary>
    public bool Contains(int from, ReadOnlySpan<byte> utf8Name)
    {
        int hash = Hash(utf8Name);
        for (int i = _buckets[hash & (_buckets.Length - 1)]; i >= from; i = _entries[i].Next)
        {
            (int start, int length, int entryHash, _) = _entries[i];
            if (entryHash == hash && utf8Name.SequenceEqual(_names.AsSpan(start, length)))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(ReadOnlySpan<byte> utf8Name)
    {
        // The name may already sit in NameSpace (escaped names are unescaped there); copying onto itself is fine.
        Span<byte> target = NameSpace(utf8Name.Length);
        utf8Name.CopyTo(target);
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        if (Count == _buckets.Length)
        {
            Rehash(_buckets.Length * 4);
        }

        int hash = Hash(utf8Name);
        ref int head = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[Count] = (_namesLength, utf8Name.Length, hash, head);
        head = Count++;
        _namesLength += utf8Name.Length;
    }

    private static int Hash(ReadOnlySpan<byte> utf8Name)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8Name);
        return hash.ToHashCode();
    }

    private static int[] NewBuckets(int size)
    {
        int[] buckets = new int[size];
        buckets.AsSpan().Fill(-1);
        return buckets;
    }

    private void Rehash(int size)
    {
        _buckets = NewBuckets(size);
        for (int i = 0; i < Count; i++)
        {
            ref int head = ref _buckets[_entries[i].Hash & (size - 1)];
            _entries[i].Next = head;
            head = i;
        }
    }
}
