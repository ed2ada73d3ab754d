namespace HybridBatch.Generation;

/// <summary>
/// SplitMix64 pseudo-random generator. Own implementation rather than <see cref="Random"/> so the sequence
/// for a seed can never change with the runtime version, and because it is a cheap mutable struct.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, maxExclusive); maxExclusive must be positive.</summary>
    public int Next(int maxExclusive)
    {
        // Multiply-high maps 64 random bits onto the range with negligible bias and no division.
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>Uniform in [min, max], both inclusive.</summary>
    public long NextInclusive(long min, long max)
    {
        var span = (ulong)(max - min) + 1;
        if (span == 0)
        {
            // The full 64-bit range wrapped to zero.
            return (long)NextUInt64();
        }

        return min + (long)Math.BigMul(NextUInt64(), span, out _);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool NextBool() => (NextUInt64() & 1) != 0;
}
