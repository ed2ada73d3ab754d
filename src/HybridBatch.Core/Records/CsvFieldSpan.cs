namespace HybridBatch.Core.Records;

/// <summary>Where one CSV field's unescaped bytes sit inside a <see cref="CsvRow"/>'s data.</summary>
public readonly record struct CsvFieldSpan(int Start, int Length, bool Quoted);
