namespace HybridBatch.Core.Schema;

/// <summary>
/// Per-thread lists for the compound checks, reused across records so a valid record allocates none. Checks nest
/// (a subschema's applicators run inside its parent's), so each check rents its own and returns it when done.
/// </summary>
internal static class ScratchList<T>
{
    /// <summary>Lists grown past this are dropped rather than kept for the thread's lifetime.</summary>
    private const int KeepCapacity = 4096;

    [ThreadStatic]
    private static Stack<List<T>>? _free;

    public static List<T> Rent() => _free is { Count: > 0 } free ? free.Pop() : new List<T>();

    public static void Return(List<T>? list)
    {
        if (list is null || list.Capacity > KeepCapacity)
        {
            return;
        }

        list.Clear();
        (_free ??= new Stack<List<T>>()).Push(list);
    }
}
