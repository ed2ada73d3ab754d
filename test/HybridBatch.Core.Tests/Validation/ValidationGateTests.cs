using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Validation;

public class ValidationGateTests
{
    [Fact]
    public void Passes_at_the_error_rate_limit_and_fails_above_it()
    {
        var options = new GateOptions { MaxErrorRate = 0.01 };

        Assert.True(ValidationGate.Evaluate(1000, 10, [], options).Passed);
        GateResult failed = ValidationGate.Evaluate(1000, 11, [], options);
        Assert.False(failed.Passed);
        Assert.Contains("11 of 1000", Assert.Single(failed.Reasons));
    }

    [Fact]
    public void Count_limit_applies_on_its_own()
    {
        var options = new GateOptions { MaxErrorRate = 1, MaxRejectedRecords = 5 };

        Assert.True(ValidationGate.Evaluate(100, 5, [], options).Passed);
        Assert.False(ValidationGate.Evaluate(100, 6, [], options).Passed);
    }

    [Fact]
    public void Structural_errors_always_fail_even_with_no_rejects()
    {
        GateResult result = ValidationGate.Evaluate(0, 0, ["the CSV file is empty"], new GateOptions { MaxErrorRate = 1 });

        Assert.False(result.Passed);
        Assert.StartsWith("structural error:", Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Bad_rate_is_refused_with_its_name(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GateOptions { MaxErrorRate = rate }.Validate());

        Assert.Contains("--max-error-rate", error.Message);
    }
}
