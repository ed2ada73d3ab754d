using System.Text;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Splitting;

/// <summary>Reads a CSV header row's column names, for the one-thread and the parallel split alike.</summary>
internal static class CsvHeader
{
    /// <summary>The header's column names, or null with <paramref name="error"/> saying why the row cannot be one.</summary>
    public static string[]? TryRead(in RawRecord record, InputFormat format, out string? error)
    {
        if (record.Problem != RecordProblem.None)
        {
            error = $"CSV header at line {record.Line}: {record.Problem}";
            return null;
        }

        var parser = new CsvRowParser(format.Delimiter, format.Quotes);
        string? syntax = parser.TryParse(record.Content, out CsvRow row);
        if (syntax is not null)
        {
            error = $"CSV header at line {record.Line}: {syntax}";
            return null;
        }

        var names = new string[row.Count];
        for (int i = 0; i < row.Count; i++)
        {
            names[i] = Encoding.UTF8.GetString(row[i]);
        }

        error = null;
        return names;
    }
}
