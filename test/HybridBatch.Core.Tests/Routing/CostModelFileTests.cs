using System.Text;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Tests.Routing;

public class CostModelFileTests
{
    [Fact]
    public void A_written_cost_model_reads_back_the_same()
    {
        var options = new CostModelOptions
        {
            ValidateRecordsPerSecondPerCore = 123_456,
            PublishRecordsPerSecondPerCore = new Dictionary<string, double> { ["file"] = 1000, ["kafka"] = 500 },
            ProcessStartupSeconds = 0.25,
            Calibration = new CostCalibration { MeasuredAt = DateTimeOffset.UnixEpoch, Machine = "test", Cores = 2, Records = 1000, Destinations = ["file", "kafka"] },
        };

        byte[] json = CostModelFile.Write(options);
        CostModelOptions read = CostModelFile.Read(json, "cost-model.json");

        Assert.Contains("\"validateRecordsPerSecondPerCore\": 123456", Encoding.UTF8.GetString(json));
        Assert.Equal(123_456, read.ValidateRecordsPerSecondPerCore);
        Assert.Equal(options.PublishRecordsPerSecondPerCore, read.PublishRecordsPerSecondPerCore);
        Assert.Equal(0.25, read.ProcessStartupSeconds);
        Assert.Equal(["file", "kafka"], read.Calibration!.Destinations);
    }

    [Fact]
    public void An_unknown_property_is_refused_naming_the_file_and_the_property()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\n  \"validateRecordsPerSecondPerCore\": 1000,\n  \"validateRecordPerSecond\": 5\n}");

        var refused = Assert.Throws<CostModelFileException>(() => CostModelFile.Read(json, "/x/cost-model.json"));

        Assert.Contains("/x/cost-model.json", refused.Message);
        Assert.Contains("unknown property 'validateRecordPerSecond'", refused.Message);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(refused));
    }

    [Fact]
    public void A_value_out_of_range_is_refused_naming_it()
    {
        var refused = Assert.Throws<CostModelFileException>(() => CostModelFile.Read("{\"processRecordsPerSecondPerCore\": 0}"u8, "c.json"));

        Assert.Contains("c.json", refused.Message);
        Assert.Contains("ProcessRecordsPerSecondPerCore", refused.Message);
    }
}
