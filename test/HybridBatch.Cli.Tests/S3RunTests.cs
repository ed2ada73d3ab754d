using System.Text.Json;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using HybridBatch.Adapters.Tests.Emulator;

namespace HybridBatch.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class CliEmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "cli-emulator";
}

/// <summary><c>hybridbatch run s3://…</c> against the S3/SQS emulator, publishing to SQS on both routes.</summary>
[Collection(CliEmulatorCollection.Name)]
public class S3RunTests(EmulatorFixture emulator) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_file_in_s3_goes_to_an_sqs_queue_through_both_routes_and_every_record_arrives_once()
    {
        string bucket = await emulator.CreateBucketAsync();
        string queue = await emulator.CreateQueueAsync(fifo: false);
        string local = _folder.File("orders.jsonl");
        await CliRunner.RunAsync("generate", "--records", "900", "--invalid-rate", "0.01", "--seed", "5", "--out", local);
        await emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "drop/orders.jsonl", FilePath = local });
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = emulator.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["SQS_CORE_QUEUE"] = queue,
        };

        (int exitCode, string output, string log) = await CliRunner.RunAsync(environment,
            "run", $"s3://{bucket}/drop/orders.jsonl", "--schema", "orders", "--destination", "sqs_core",
            "--chunk-records", "400", "--threshold", "300", "--out", _folder.File("out"));

        Assert.True(exitCode == 0, log + output);
        ListObjectsV2Response reports = await emulator.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "runs/" });
        S3Object reportObject = Assert.Single(reports.S3Objects, o => o.Key.EndsWith("/report.json", StringComparison.Ordinal));
        using GetObjectResponse reportResponse = await emulator.S3.GetObjectAsync(bucket, reportObject.Key);
        using JsonDocument report = await JsonDocument.ParseAsync(reportResponse.ResponseStream);
        long published = report.RootElement.GetProperty("published").GetInt64();
        Assert.Equal(900, published + report.RootElement.GetProperty("rejected").GetInt64());
        Assert.Equal(2, report.RootElement.GetProperty("routes").GetProperty("batch").GetProperty("chunks").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("routes").GetProperty("lambda").GetProperty("chunks").GetInt32());

        List<string> indexes = await DrainAsync(queue);
        Assert.Equal(published, indexes.Count);
        Assert.Equal(indexes.Count, indexes.Distinct().Count());
    }

    private async Task<List<string>> DrainAsync(string queue)
    {
        var indexes = new List<string>();
        while (true)
        {
            ReceiveMessageResponse received = await emulator.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue,
                MaxNumberOfMessages = 10,
                MessageAttributeNames = ["All"],
                WaitTimeSeconds = 0,
            });
            if (received.Messages is not { Count: > 0 } messages)
            {
                return indexes;
            }

            indexes.AddRange(messages.Select(m => m.MessageAttributes["recordIndex"].StringValue));
            await emulator.Sqs.DeleteMessageBatchAsync(queue, messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(), m.ReceiptHandle)).ToList());
        }
    }

    public void Dispose() => _folder.Dispose();
}
