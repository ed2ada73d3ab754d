using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Tests.Routing;

public class BatchInstanceTypeTests
{
    [Theory]
    [InlineData("c5.xlarge", 4, 8192, 7750)]
    [InlineData("c5.4xlarge", 16, 32768, 31097)]
    [InlineData("m6i.2xlarge", 8, 32768, 31097)]
    [InlineData("r5.large", 2, 16384, 15532)]
    public void A_type_gives_jobs_its_installed_memory_less_a_5_percent_buffer_and_the_agents_32_mib(string name, int vcpus, int installed, int forJobs)
    {
        BatchInstanceType type = BatchInstanceType.Parse(name);

        Assert.Equal((vcpus, installed, forJobs), (type.Vcpus, type.MemoryMiB, type.JobMemoryMiB));
        Assert.False(type.Fits(vcpus, installed));
        Assert.True(type.Fits(vcpus, forJobs));
    }

    [Theory]
    [InlineData("optimal")]
    [InlineData("p3.2xlarge")]
    [InlineData("c5.huge")]
    public void An_unknown_type_is_named(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => BatchInstanceType.Parse(name));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Fitting_to_smaller_types_caps_the_job_at_the_largest_and_the_compute_environment()
    {
        CostModelOptions fitted = new CostModelOptions().FitTo(BatchInstanceType.ParseList("c5.2xlarge, c5.xlarge"));
        Assert.Equal((8, 4, 1792), (fitted.BatchMaxVcpus, fitted.BatchBaseVcpus, fitted.BatchMemoryMiBPerVcpu));

        CostModelOptions capped = new CostModelOptions().FitTo(BatchInstanceType.ParseList("c5.4xlarge"), computeEnvironmentMaxVcpus: 6);
        Assert.Equal(6, capped.BatchMaxVcpus);

        CostModelOptions tiny = new CostModelOptions().FitTo(BatchInstanceType.ParseList("c5.large"));
        Assert.Equal((2, 2), (tiny.BatchMaxVcpus, tiny.BatchBaseVcpus));
    }

    [Fact]
    public void Every_size_the_fitted_model_asks_for_fits_every_type_with_as_many_vcpus()
    {
        IReadOnlyList<BatchInstanceType> types = BatchInstanceType.ParseList("c6i.large,c6i.xlarge,c6i.2xlarge,c6i.4xlarge,c6i.8xlarge");
        var model = new CostModel(new CostModelOptions { BatchMaxVcpus = 32 }.FitTo(types), "file");

        for (long records = 1; records < 40_000_000; records += 1_000_000)
        {
            RouteEstimate size = model.EstimateBatch(records);
            Assert.All(types.Where(t => t.Vcpus >= size.Vcpus), t => Assert.True(t.Fits(size.Vcpus, size.MemoryMiB), $"{size.Vcpus}/{size.MemoryMiB} on {t.Name}"));
        }
    }

    [Fact]
    public void Memory_per_vcpu_follows_the_leanest_type()
    {
        // c5 gives 1,937 MiB per vCPU to jobs; an r5 alone would allow more, but the default stays the upper bound.
        Assert.Equal(1792, new CostModelOptions().FitTo(BatchInstanceType.ParseList("r5.xlarge,c5.xlarge")).BatchMemoryMiBPerVcpu);
        // m5.xlarge gives 15,532 MiB to jobs, 3,883 per vCPU: a larger setting is cut to 3,840 (whole 256 MiB steps).
        Assert.Equal(3840, new CostModelOptions { BatchMemoryMiBPerVcpu = 8192 }.FitTo(BatchInstanceType.ParseList("m5.xlarge")).BatchMemoryMiBPerVcpu);
    }
}
