using System.Buffers.Binary;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A shortcut for the one <c>date-time</c> layout most records write, <c>YYYY-MM-DDTHH:MM:SSZ</c> (20 bytes, UTC, no
/// fraction): its digits and separators are checked as three 8-byte words instead of byte by byte. It only ever
/// says "valid for sure"; every other layout, every doubt (a leap second, a bad digit) goes to the general RFC 3339
/// check (<see cref="FormatChecks.IsDateTimeGeneral"/>), so verdicts are the general check's (DateTimeFastPathTests).
/// </summary>
internal static class DateTimeFastPath
{
    /// <summary>'0' marks a digit; any other character must be there (letters in either case).</summary>
    private const string Layout = "0000-00-00t00:00:00z";

    private const ulong AllZeroChars = 0x3030_3030_3030_3030;
    private const ulong DigitLimit = 0x7676_7676_7676_7676; // a lane of 0..9 plus this stays below 0x80
    private const ulong HighBits = 0x8080_8080_8080_8080;

    // The three 8-byte windows at 0, 8 and 12 cover the 20 bytes.
    private static readonly Window _first = Window.At(0);
    private static readonly Window _second = Window.At(8);
    private static readonly Window _third = Window.At(12);

    public static bool IsValidUtc(ReadOnlySpan<byte> s)
    {
        if (s.Length != Layout.Length)
        {
            return false;
        }

        ulong a = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong b = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        ulong c = BinaryPrimitives.ReadUInt64LittleEndian(s[12..]);
        if (!_first.Fits(a, out ulong da) || !_second.Fits(b, out ulong db) || !_third.Fits(c, out ulong dc))
        {
            return false;
        }

        int year = (Lane(da, 0) * 1000) + (Lane(da, 1) * 100) + (Lane(da, 2) * 10) + Lane(da, 3);
        int month = (Lane(da, 5) * 10) + Lane(da, 6);
        int day = (Lane(db, 0) * 10) + Lane(db, 1);
        int hour = (Lane(db, 3) * 10) + Lane(db, 4);
        int minute = (Lane(db, 6) * 10) + Lane(db, 7);
        int second = (Lane(dc, 5) * 10) + Lane(dc, 6);

        // Second 60 (a leap second) is left to the general check, which knows when one may fall.
        return month is >= 1 and <= 12 && day >= 1 && day <= FormatChecks.DaysInMonth(year, month)
            && hour <= 23 && minute <= 59 && second <= 59;
    }

    private static int Lane(ulong digits, int lane) => (int)((digits >> (8 * lane)) & 0xFF);

    /// <summary>One 8-byte window of <see cref="Layout"/>: which lanes hold digits, and the literals elsewhere.</summary>
    private readonly struct Window
    {
        private readonly ulong _digitLanes;
        private readonly ulong _literals;
        private readonly ulong _caseFold;

        private Window(ulong digitLanes, ulong literals, ulong caseFold)
        {
            _digitLanes = digitLanes;
            _literals = literals;
            _caseFold = caseFold;
        }

        public static Window At(int start)
        {
            ulong digitLanes = 0;
            ulong literals = 0;
            ulong caseFold = 0;
            for (int lane = 0; lane < 8; lane++)
            {
                char c = Layout[start + lane];
                if (c == '0')
                {
                    digitLanes |= 0xFFUL << (8 * lane);
                }
                else
                {
                    literals |= (ulong)c << (8 * lane);
                    if (char.IsAsciiLetterLower(c))
                    {
                        caseFold |= 0x20UL << (8 * lane);
                    }
                }
            }

            return new Window(digitLanes, literals, caseFold);
        }

        /// <summary>True when <paramref name="word"/>'s literals and digits fit; <paramref name="digits"/> holds the digits' values.</summary>
        public bool Fits(ulong word, out ulong digits)
        {
            // A byte is a digit exactly when it XOR '0' is below 10; only digit lanes are kept, the others become 0.
            digits = (word ^ AllZeroChars) & _digitLanes;
            bool digitsOk = ((digits | (digits + DigitLimit)) & HighBits & _digitLanes) == 0;
            bool literalsOk = ((word | _caseFold) & ~_digitLanes) == _literals;
            return digitsOk & literalsOk;
        }
    }
}
