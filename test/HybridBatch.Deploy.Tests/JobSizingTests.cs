using System.Text.Json.Nodes;
using HybridBatch.Core.Routing;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// Every Batch job size the route can ask for must be placeable on the instance types template.yaml declares
/// (issue 14, item 2). Batch places a job only on an instance whose memory *available to jobs* covers the request:
/// the kernel and platform take part of the installed memory and the ECS agent reserves 32 MiB more, and AWS
/// recommends keeping a 5 % buffer ("Compute resource memory management", "Reserve system memory" in the Batch
/// user guide). A job that fits nowhere sits in RUNNABLE at the head of the queue and blocks the jobs behind it.
/// </summary>
public sealed class JobSizingTests
{
    // Installed vCPUs and memory (MiB) from the EC2 instance type pages: the oracle, independent of Core's table.
    private static readonly Dictionary<string, (int Vcpus, int MemoryMiB)> s_installed = new(StringComparer.Ordinal)
    {
        ["c5.large"] = (2, 4096),
        ["c5.xlarge"] = (4, 8192),
        ["c5.2xlarge"] = (8, 16384),
        ["c5.4xlarge"] = (16, 32768),
        ["c5.9xlarge"] = (36, 73728),
        ["m5.xlarge"] = (4, 16384),
        ["m5.2xlarge"] = (8, 32768),
        ["m5.4xlarge"] = (16, 65536),
        ["r5.xlarge"] = (4, 32768),
        ["r5.2xlarge"] = (8, 65536),
    };

    public static TheoryData<string> JobDefinitions => ["BatchValidationJobDefinition", "BatchProcessingJobDefinition"];

    [Fact]
    public void Every_job_size_the_cost_model_asks_for_fits_the_largest_instance_type_with_headroom()
    {
        IReadOnlyList<(string Name, int Vcpus, int MemoryMiB)> types = TemplateInstanceTypes();
        (string Name, int Vcpus, int MemoryMiB) largest = types.MaxBy(t => (t.Vcpus, t.MemoryMiB));

        foreach ((int vcpus, int memory) in SizesTheCostModelAsksFor(new CostModelOptions()))
        {
            Assert.True(vcpus <= largest.Vcpus && memory <= JobMemoryMiB(largest.MemoryMiB),
                $"{vcpus} vCPU / {memory} MiB does not fit {largest.Name} ({largest.Vcpus} vCPU, {JobMemoryMiB(largest.MemoryMiB)} MiB for jobs after the reservation and a 5 % buffer)");
        }
    }

    [Fact]
    public void Memory_per_vcpu_is_below_what_every_instance_type_gives_so_no_vcpus_are_wasted()
    {
        // A job of n vCPUs must fit every declared type with at least n vCPUs; otherwise a 4 vCPU job lands on an
        // 8 vCPU instance and pays for 4 idle vCPUs.
        IReadOnlyList<(string Name, int Vcpus, int MemoryMiB)> types = TemplateInstanceTypes();
        foreach ((int vcpus, int memory) in SizesTheCostModelAsksFor(new CostModelOptions()))
        {
            foreach ((string name, int typeVcpus, int installed) in types.Where(t => t.Vcpus >= vcpus))
            {
                Assert.True(memory <= JobMemoryMiB(installed),
                    $"{vcpus} vCPU / {memory} MiB does not fit {name} ({typeVcpus} vCPU, {JobMemoryMiB(installed)} MiB for jobs)");
            }
        }
    }

    [Theory]
    [MemberData(nameof(JobDefinitions))]
    public void A_job_definitions_own_size_fits_the_smallest_instance_type(string definition)
    {
        JsonNode container = TemplateFile.Properties(definition)["ContainerProperties"]!;
        var requirements = container["ResourceRequirements"]!.AsArray()
            .ToDictionary(r => Intrinsics.Text(r!["Type"])!, r => int.Parse(Intrinsics.Text(r!["Value"])!, System.Globalization.CultureInfo.InvariantCulture));
        (string Name, int Vcpus, int MemoryMiB) smallest = TemplateInstanceTypes().MinBy(t => (t.Vcpus, t.MemoryMiB));

        Assert.True(requirements["VCPU"] <= smallest.Vcpus && requirements["MEMORY"] <= JobMemoryMiB(smallest.MemoryMiB),
            $"{definition} asks for {requirements["VCPU"]} vCPU / {requirements["MEMORY"]} MiB; {smallest.Name} gives {JobMemoryMiB(smallest.MemoryMiB)} MiB to jobs");
    }

    [Fact]
    public void The_cost_models_smallest_job_is_the_processing_job_definitions_size()
    {
        JsonNode container = TemplateFile.Properties("BatchProcessingJobDefinition")["ContainerProperties"]!;
        var requirements = container["ResourceRequirements"]!.AsArray().ToDictionary(r => Intrinsics.Text(r!["Type"])!, r => Intrinsics.Text(r!["Value"]));
        RouteEstimate smallest = new CostModel(new CostModelOptions(), "file").EstimateBatch(1);

        Assert.Equal(smallest.Vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture), requirements["VCPU"]);
        Assert.Equal(smallest.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), requirements["MEMORY"]);
    }

    [Fact]
    public void Cores_instance_table_and_headroom_agree_with_this_tests_for_the_templates_types()
    {
        foreach ((string name, int vcpus, int installed) in TemplateInstanceTypes())
        {
            BatchInstanceType type = BatchInstanceType.Parse(name);
            Assert.Equal((vcpus, installed), (type.Vcpus, type.MemoryMiB));
            Assert.Equal(JobMemoryMiB(installed), type.JobMemoryMiB);
        }
    }

    [Fact]
    public void The_defaults_are_what_fitting_to_the_templates_compute_environment_gives()
    {
        // What the route function does with BATCH_INSTANCE_TYPES and BATCH_MAX_VCPUS from the template's defaults.
        IReadOnlyList<BatchInstanceType> types = BatchInstanceType.ParseList(TemplateFile.ParameterDefault("BatchInstanceTypes")!);
        int maxVcpus = int.Parse(TemplateFile.ParameterDefault("BatchMaxVcpus")!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(new CostModelOptions(), new CostModelOptions().FitTo(types, maxVcpus));
        JsonNode environment = TemplateFile.Properties("RouteFunction")["Environment"]!["Variables"]!;
        Assert.Equal("BatchInstanceTypes", Intrinsics.Text(environment["BATCH_INSTANCE_TYPES"]!["Ref"]));
        Assert.Equal("BatchMaxVcpus", Intrinsics.Text(environment["BATCH_MAX_VCPUS"]!["Ref"]));
    }

    [Fact]
    public void The_route_function_fits_its_job_sizes_to_the_instance_types_it_is_given()
    {
        var environment = new Dictionary<string, string>
        {
            [HybridBatch.Functions.Hosting.FunctionSettings.BatchInstanceTypes] = "c5.2xlarge,c5.xlarge",
            [HybridBatch.Functions.Hosting.FunctionSettings.BatchMaxVcpus] = "256",
        };
        CostModelOptions fitted = new HybridBatch.Functions.Hosting.FunctionSettings(name => environment.GetValueOrDefault(name)).CostModel();
        Assert.Equal((8, 1792), (fitted.BatchMaxVcpus, fitted.BatchMemoryMiBPerVcpu));
        Assert.Equal(8, new CostModel(fitted, "file").EstimateBatch(1_000_000_000).Vcpus);

        environment[HybridBatch.Functions.Hosting.FunctionSettings.BatchInstanceTypes] = "c5.2xlarge,optimal";
        var bad = Assert.Throws<HybridBatch.Core.Settings.ConfigurationException>(() => new HybridBatch.Functions.Hosting.FunctionSettings(name => environment.GetValueOrDefault(name)).CostModel());
        Assert.Equal("BATCH_INSTANCE_TYPES", bad.Setting);
        Assert.Contains("optimal", bad.Message);
    }

    /// <summary>What Batch can give a job on an instance with this much installed memory, with AWS's recommended buffer.</summary>
    private static int JobMemoryMiB(int installedMiB) => installedMiB * 95 / 100 - 32;

    private static IReadOnlyList<(string Name, int Vcpus, int MemoryMiB)> TemplateInstanceTypes()
    {
        string declared = TemplateFile.ParameterDefault("BatchInstanceTypes")!;
        return [.. declared.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name =>
            s_installed.TryGetValue(name, out (int Vcpus, int MemoryMiB) size)
                ? (name, size.Vcpus, size.MemoryMiB)
                : throw new KeyNotFoundException($"add {name} (vCPUs, installed MiB) to this test's table"))];
    }

    private static IEnumerable<(int Vcpus, int MemoryMiB)> SizesTheCostModelAsksFor(CostModelOptions options)
    {
        var model = new CostModel(options, "file");
        var sizes = new HashSet<(int, int)>();
        for (long steps = 0; steps <= options.BatchMaxVcpus / options.BatchBaseVcpus + 2; steps++)
        {
            foreach (long records in new[] { steps * options.BatchRecordsPerJobStep, steps * options.BatchRecordsPerJobStep + 1 })
            {
                RouteEstimate estimate = model.EstimateBatch(Math.Max(1, records));
                sizes.Add((estimate.Vcpus, estimate.MemoryMiB));
            }
        }

        sizes.Add((model.EstimateBatch(1_000_000_000_000).Vcpus, model.EstimateBatch(1_000_000_000_000).MemoryMiB));
        Assert.NotEmpty(sizes);
        return sizes;
    }
}
