namespace HybridBatch.Core.Schema;

/// <summary>
/// Per-thread flag arrays (branch verdicts, evaluated members) for the compound checks, reused like
/// <see cref="ScratchList{T}"/>: the shared array pool costs more than the checks for arrays this small.
/// </summary>
internal static class ScratchFlags
{
    private const int KeepLength = 4096;

    [ThreadStatic]
    private static Stack<bool[]>? _free;

    /// <summary>An array of at least <paramref name="count"/> flags, the first <paramref name="count"/> false.</summary>
    public static bool[] Rent(int count)
    {
        if (_free is { Count: > 0 } free && free.Peek().Length >= count)
        {
            bool[] flags = free.Pop();
            Array.Clear(flags, 0, count);
            return flags;
        }

        return new bool[Math.Max(count, 16)];
    }

    public static void Return(bool[]? flags)
    {
        if (flags is not null && flags.Length <= KeepLength)
        {
            (_free ??= new Stack<bool[]>()).Push(flags);
        }
    }
}
