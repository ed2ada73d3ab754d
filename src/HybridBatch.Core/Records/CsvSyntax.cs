namespace HybridBatch.Core.Records;

/// <summary>
/// The CSV quote rule, in one place for the framer (<see cref="RecordScanner"/>) and the parser
/// (<see cref="CsvRowParser"/>): a quote opens a quoted field only as the first character of a field, that is at
/// the start of a record or right after the delimiter. Inside a quoted field <c>""</c> is one quote and the
/// delimiter and line breaks are data; the next single quote closes it.
/// </summary>
internal static class CsvSyntax
{
    /// <summary>
    /// Whether a quote opens a quoted field, given the byte before it (a line feed for the first byte of a record:
    /// outside a quoted field a line feed always ends the record).
    /// </summary>
    public static bool OpensQuotedField(byte before, byte delimiter) => before == delimiter || before == (byte)'\n';

    /// <summary>Offset of the first carriage return outside a quoted field in one record, or -1.</summary>
    public static int BareCarriageReturn(ReadOnlySpan<byte> record, byte delimiter)
    {
        bool inQuote = false;
        byte before = (byte)'\n';
        for (int i = 0; i < record.Length; i++)
        {
            byte b = record[i];
            if (inQuote)
            {
                if (b == (byte)'"')
                {
                    if (i + 1 < record.Length && record[i + 1] == (byte)'"')
                    {
                        i++;
                    }
                    else
                    {
                        inQuote = false;
                    }
                }
            }
            else if (b == (byte)'"')
            {
                inQuote = OpensQuotedField(before, delimiter);
            }
            else if (b == (byte)'\r')
            {
                return i;
            }

            before = b;
        }

        return -1;
    }
}
