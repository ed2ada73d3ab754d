using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The property names an object schema knows (from <c>properties</c> and <c>required</c>), looked up by their
/// unescaped UTF-8 bytes so record property names never become strings. Names are bucketed by byte length.
/// </summary>
internal sealed class PropertyTable
{
    private readonly byte[][] _utf8Names;
    private readonly int[]?[] _byLength;

    /// <summary>
    /// Each name as it appears in a record when written plainly, closing quote included (<c>sku"</c>); null when
    /// the name holds a byte that a record must escape (a quote, backslash or control character).
    /// </summary>
    private readonly byte[]?[] _rawNames;

    private readonly RawNameWords[] _rawWords;

    public PropertyTable(IReadOnlyList<string> names, IReadOnlyList<SchemaNode?> nodes, ulong[] requiredMask, int[] requiredOrder)
    {
        Names = names.ToArray();
        Nodes = nodes.ToArray();
        RequiredMask = requiredMask;
        RequiredOrder = requiredOrder;
        _utf8Names = Names.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();

        int maxLength = _utf8Names.Length == 0 ? 0 : _utf8Names.Max(n => n.Length);
        _byLength = new int[]?[maxLength + 1];
        for (int length = 0; length <= maxLength; length++)
        {
            int[] matches = Enumerable.Range(0, _utf8Names.Length).Where(i => _utf8Names[i].Length == length).ToArray();
            _byLength[length] = matches.Length == 0 ? null : matches;
        }

        WordCount = Math.Max(1, (Names.Length + 63) / 64);
        _rawNames = _utf8Names.Select(RawName).ToArray();
        _rawWords = _rawNames.Select(RawNameWords.Of).ToArray();
    }

    public int Count => Names.Length;

    /// <summary>How many <see cref="ulong"/> words a seen-properties bitmask needs.</summary>
    public int WordCount { get; }

    public string[] Names { get; }

    /// <summary>The schema for each name; null for a name that is only in <c>required</c>.</summary>
    public SchemaNode?[] Nodes { get; }

    /// <summary>Bit <c>i</c> set when name <c>i</c> is required.</summary>
    public ulong[] RequiredMask { get; }

    /// <summary>Indices of the required names in the order the schema lists them, for the first-missing message.</summary>
    public int[] RequiredOrder { get; }

    public byte[] Utf8Name(int index) => _utf8Names[index];

    /// <summary>
    /// Finds a name. <paramref name="hint"/> is tried first: records usually list properties in schema order,
    /// so the name after the previous match is the likely one.
    /// </summary>
    public int Find(ReadOnlySpan<byte> utf8Name, int hint)
    {
        if ((uint)hint < (uint)_utf8Names.Length && utf8Name.SequenceEqual(_utf8Names[hint]))
        {
            return hint;
        }

        if ((uint)utf8Name.Length >= (uint)_byLength.Length)
        {
            return -1;
        }

        int[]? candidates = _byLength[utf8Name.Length];
        if (candidates is null)
        {
            return -1;
        }

        foreach (int index in candidates)
        {
            if (utf8Name.SequenceEqual(_utf8Names[index]))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>
    /// When the record text <paramref name="data"/> at <paramref name="at"/> (just past a name's opening quote) starts
    /// with name <paramref name="index"/> written plainly and its closing quote, the length of both; else 0. Lets the
    /// walker take the expected next name without scanning it for escapes or looking it up.
    /// </summary>
    /// <remarks>
    /// Called for every property of every record: names of up to 16 bytes (with the quote) are compared as one or two
    /// 8-byte words (<see cref="RawNameWords"/>), without a call; longer ones, and the last bytes of a record, byte by byte.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MatchRawName(int index, ReadOnlySpan<byte> data, int at)
    {
        // The field read once into a local: then the JIT drops the indexer's second bounds check (it reloads a field).
        RawNameWords[] rawWords = _rawWords;
        if ((uint)index >= (uint)rawWords.Length)
        {
            return 0;
        }

        ref readonly RawNameWords words = ref rawWords[index];
        int length = words.Length;
        int available = data.Length - at;
        if (length is > 0 and <= 16 && available >= 16)
        {
            ref byte start = ref Unsafe.Add(ref MemoryMarshal.GetReference(data), at);
            ulong head = Unsafe.ReadUnaligned<ulong>(ref start) & words.HeadMask;
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, 8)) & words.TailMask;
            return head == words.Head && tail == words.Tail ? length : 0;
        }

        return PlainMatchRawName(index, data, at);
    }

    /// <summary>The same answer as <see cref="MatchRawName"/>, byte by byte: its fallback, and its oracle in tests.</summary>
    public int PlainMatchRawName(int index, ReadOnlySpan<byte> data, int at) =>
        (uint)index < (uint)_rawNames.Length && _rawNames[index] is { } raw && (uint)at <= (uint)data.Length && data[at..].StartsWith(raw)
            ? raw.Length
            : 0;

    private static byte[]? RawName(byte[] utf8Name) =>
        utf8Name.AsSpan().IndexOfAny((byte)'"', (byte)'\\') < 0 && utf8Name.AsSpan().IndexOfAnyInRange((byte)0, (byte)0x1F) < 0
            ? [.. utf8Name, (byte)'"']
            : null;

    public int Find(string name) => Array.IndexOf(Names, name);

    /// <summary>
    /// A raw name (<see cref="_rawNames"/>) of up to 16 bytes as two masked 8-byte words, read from memory's byte
    /// order both here and in the record, so the compare does not depend on endianness. Length 0: compared byte by byte.
    /// </summary>
    private readonly struct RawNameWords
    {
        public readonly int Length;
        public readonly ulong Head;
        public readonly ulong HeadMask;
        public readonly ulong Tail;
        public readonly ulong TailMask;

        private RawNameWords(int length, ulong head, ulong headMask, ulong tail, ulong tailMask)
        {
            Length = length;
            Head = head;
            HeadMask = headMask;
            Tail = tail;
            TailMask = tailMask;
        }

        public static RawNameWords Of(byte[]? raw)
        {
            if (raw is null || raw.Length > 16)
            {
                return default;
            }

            Span<byte> padded = stackalloc byte[16];
            Span<byte> mask = stackalloc byte[16];
            padded.Clear();
            mask.Clear();
            raw.CopyTo(padded);
            mask[..raw.Length].Fill(0xFF);
            return new RawNameWords(
                raw.Length,
                MemoryMarshal.Read<ulong>(padded),
                MemoryMarshal.Read<ulong>(mask),
                MemoryMarshal.Read<ulong>(padded[8..]),
                MemoryMarshal.Read<ulong>(mask[8..]));
        }
    }
}
