namespace HybridBatch.Core.Splitting;

/// <summary>
/// Where CSV framing stands between two bytes: outside a quoted field, inside one, or just after a quote inside one
/// (the next byte decides whether it was <c>""</c>, a quote as data, or the closing quote).
/// </summary>
internal enum CsvQuoteState : byte
{
    Outside,
    Inside,
    QuoteSeen,
}

/// <summary>
/// The first pass of the parallel CSV split over one byte range: since a quoted field may hold line breaks, a range
/// cut at an arbitrary offset starts in an unknown quote state. This walks the range once for each of the three
/// states it may start in (by <see cref="Records.CsvSyntax"/>'s rule, the one <see cref="Records.RecordScanner"/>
/// frames by), and for each keeps the state at the range's end and the first record terminator (a line feed outside
/// quotes). Composing the ranges in order then gives the true state, and so a true record boundary, at every cut.
/// </summary>
/// <remarks>
/// The walk only looks at quotes (and, until a terminator is found, line feeds) with vectorised searches, so it runs
/// at memory speed on typical files. Walks that reach the same state with the same terminator knowledge are
/// merged, since they agree from there on: in practice the three collapse into one within a record or two.
/// </remarks>
internal sealed class CsvQuoteWalk
{
    private const int States = 3;

    private readonly byte _delimiter;
    private readonly CsvQuoteState[] _state = [CsvQuoteState.Outside, CsvQuoteState.Inside, CsvQuoteState.QuoteSeen];
    private readonly int[] _alias = [0, 1, 2];
    private readonly bool[] _found = new bool[States];

    // Per start state, not per walk: walks merged after each found its own terminator keep both.
    private readonly long[] _terminator = [-1, -1, -1];
    private readonly long[] _terminatorLines = new long[States];
    private long _position;
    private long _newlines;
    private byte _previous;

    /// <param name="delimiter">The CSV delimiter.</param>
    /// <param name="start">Offset of the range's first byte.</param>
    /// <param name="previous">The byte before the range (a line feed at the start of the data).</param>
    public CsvQuoteWalk(byte delimiter, long start, byte previous)
    {
        _delimiter = delimiter;
        _position = start;
        _previous = previous;
    }

    /// <summary>Line feeds walked so far, in quotes or not.</summary>
    public long Newlines => _newlines;

    /// <summary>The state after the walked bytes when the range started in <paramref name="start"/>.</summary>
    public CsvQuoteState EndState(CsvQuoteState start) => _state[_alias[(int)start]];

    /// <summary>
    /// Offset of the first line feed that ends a record when the range started in <paramref name="start"/>, and the
    /// line feeds from the range's start up to it (itself included); -1 when none was walked.
    /// </summary>
    public (long Offset, long Lines) FirstTerminator(CsvQuoteState start) =>
        (_terminator[(int)start], _terminatorLines[(int)start]);

    /// <summary>Walks the next bytes of the range.</summary>
    public void Walk(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        for (int s = 0; s < States; s++)
        {
            if (_alias[s] == s)
            {
                WalkOne(s, bytes);
            }
        }

        _position += bytes.Length;
        _newlines += bytes.Count((byte)'\n');
        _previous = bytes[^1];
        Merge();
    }

    private void WalkOne(int s, ReadOnlySpan<byte> bytes)
    {
        CsvQuoteState state = _state[s];
        bool found = _found[s];
        int i = 0;
        while (i < bytes.Length)
        {
            switch (state)
            {
                case CsvQuoteState.Outside:
                {
                    ReadOnlySpan<byte> rest = bytes[i..];
                    int at = found ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'"', (byte)'\n');
                    if (at < 0)
                    {
                        i = bytes.Length;
                        break;
                    }

                    at += i;
                    if (bytes[at] == (byte)'\n')
                    {
                        found = true;
                        _found[s] = true;
                        long lines = _newlines + bytes[..(at + 1)].Count((byte)'\n');
                        for (int start = 0; start < States; start++)
                        {
                            if (_alias[start] == s)
                            {
                                _terminator[start] = _position + at;
                                _terminatorLines[start] = lines;
                            }
                        }
                    }
                    else
                    {
                        byte before = at > 0 ? bytes[at - 1] : _previous;
                        if (before == _delimiter || before == (byte)'\n')
                        {
                            state = CsvQuoteState.Inside;
                        }
                    }

                    i = at + 1;
                    break;
                }

                case CsvQuoteState.Inside:
                {
                    int at = bytes[i..].IndexOf((byte)'"');
                    if (at < 0)
                    {
                        i = bytes.Length;
                        break;
                    }

                    state = CsvQuoteState.QuoteSeen;
                    i += at + 1;
                    break;
                }

                default:
                    // "" inside a quoted field is one quote; any other byte follows the closing quote, outside.
                    if (bytes[i] == (byte)'"')
                    {
                        state = CsvQuoteState.Inside;
                        i++;
                    }
                    else
                    {
                        state = CsvQuoteState.Outside;
                    }

                    break;
            }
        }

        _state[s] = state;
    }

    // Two walks in the same state that both have (or both lack) a terminator behave alike from here on.
    private void Merge()
    {
        for (int a = 0; a < States; a++)
        {
            for (int b = a + 1; b < States; b++)
            {
                if (_alias[a] == a && _alias[b] == b && _state[a] == _state[b] && _found[a] == _found[b])
                {
                    for (int s = 0; s < States; s++)
                    {
                        if (_alias[s] == b)
                        {
                            _alias[s] = a;
                        }
                    }
                }
            }
        }
    }
}
