namespace HybridBatch.Core.Schema;

/// <summary>
/// Per-thread buffers for the rare cases that need copies: escaped strings, and the names of properties the
/// schema does not list (kept so duplicates among them are caught). Reused across records, so steady state
/// allocates nothing.
/// </summary>
internal sealed class ValidationScratch
{
    [ThreadStatic]
    private static ValidationScratch? _current;

    private byte[] _names = new byte[256];
    private int _namesLength;
    private (int Start, int Length)[] _entries = new (int, int)[16];
    private byte[] _text = new byte[256];

    public static ValidationScratch Current => _current ??= new ValidationScratch();

    /// <summary>Number of unknown names recorded; objects truncate back to their starting count when done.</summary>
    public int Count { get; private set; }

    public void Reset()
    {
        Count = 0;
        _namesLength = 0;
    }

    public void Truncate(int count)
    {
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
        for (int i = from; i < Count; i++)
        {
            (int start, int length) = _entries[i];
            if (utf8Name.SequenceEqual(_names.AsSpan(start, length)))
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

        _entries[Count++] = (_namesLength, utf8Name.Length);
        _namesLength += utf8Name.Length;
    }
}
