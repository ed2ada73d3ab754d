using System.Globalization;

namespace HybridBatch.Core.Routing;

/// <summary>
/// An EC2 instance type a Batch compute environment may launch, and how big a job it can take. Batch places a job
/// only on an instance whose memory available to jobs covers the request; that is less than the installed memory
/// (the kernel and platform take a share, and the ECS agent reserves 32 MiB: "Compute resource memory management"
/// in the AWS Batch user guide), so a job asking for an instance's whole installed memory never runs on it.
/// </summary>
public sealed record BatchInstanceType(string Name, int Vcpus, int MemoryMiB)
{
    /// <summary>What the default Batch AMI reserves for the ECS agent and system processes.</summary>
    public const int AgentReservedMiB = 32;

    /// <summary>Share of the installed memory kept free: AWS recommends a 5 % buffer; it also covers the kernel's share (about 2.5 %).</summary>
    public const double BufferShare = 0.05;

    // GiB per vCPU of the current x86 families (compute, general purpose, memory optimised), and vCPUs per size.
    private static readonly Dictionary<string, int> s_gibPerVcpu = new(StringComparer.Ordinal)
    {
        ["c5"] = 2, ["c5a"] = 2, ["c6i"] = 2, ["c6a"] = 2, ["c7i"] = 2, ["c7a"] = 2,
        ["m5"] = 4, ["m5a"] = 4, ["m6i"] = 4, ["m6a"] = 4, ["m7i"] = 4, ["m7a"] = 4,
        ["r5"] = 8, ["r5a"] = 8, ["r6i"] = 8, ["r6a"] = 8, ["r7i"] = 8, ["r7a"] = 8,
    };

    private static readonly Dictionary<string, int> s_vcpusPerSize = new(StringComparer.Ordinal)
    {
        ["large"] = 2, ["xlarge"] = 4, ["2xlarge"] = 8, ["4xlarge"] = 16, ["8xlarge"] = 32, ["9xlarge"] = 36,
        ["12xlarge"] = 48, ["16xlarge"] = 64, ["18xlarge"] = 72, ["24xlarge"] = 96, ["32xlarge"] = 128, ["48xlarge"] = 192,
    };

    /// <summary>Memory a job may ask for on this instance type and still be placed, with the buffer kept free.</summary>
    public int JobMemoryMiB => (int)(MemoryMiB * (1 - BufferShare)) - AgentReservedMiB;

    /// <summary>Whether a job of this size can be placed on one instance of this type.</summary>
    public bool Fits(int vcpus, int memoryMiB) => vcpus <= Vcpus && memoryMiB <= JobMemoryMiB;

    /// <summary>
    /// The type named like <c>c5.4xlarge</c>, for the c, m and r families (5th to 7th generation, Intel and AMD).
    /// Another name (or <c>optimal</c>) throws, naming it: its sizes must then be set explicitly.
    /// </summary>
    public static BatchInstanceType Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string[] parts = name.Trim().Split('.');
        if (parts.Length == 2 && s_gibPerVcpu.TryGetValue(parts[0], out int gibPerVcpu) && s_vcpusPerSize.TryGetValue(parts[1], out int vcpus))
        {
            return new BatchInstanceType(name.Trim(), vcpus, vcpus * gibPerVcpu * 1024);
        }

        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"BATCH_INSTANCE_TYPES: unknown instance type '{name}'; known are the c/m/r 5th to 7th generation types ({string.Join(", ", s_gibPerVcpu.Keys)}) in sizes {string.Join(", ", s_vcpusPerSize.Keys)}"), nameof(name));
    }

    /// <summary>Every type of a comma-separated list such as template.yaml's <c>BatchInstanceTypes</c>.</summary>
    public static IReadOnlyList<BatchInstanceType> ParseList(string names) =>
        [.. names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
}
