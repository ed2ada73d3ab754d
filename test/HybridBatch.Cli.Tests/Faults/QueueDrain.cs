using Amazon.SQS;
using Amazon.SQS.Model;

namespace HybridBatch.Cli.Tests.Faults;

/// <summary>Reads a queue until it answers empty, deleting each page before the next (a FIFO group stays locked until then).</summary>
internal static class QueueDrain
{
    public static async Task<List<Message>> AllAsync(IAmazonSQS sqs, string queue)
    {
        var all = new List<Message>();
        while (true)
        {
            ReceiveMessageResponse page = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                VisibilityTimeout = 300,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            if (page.Messages is not { Count: > 0 })
            {
                return all;
            }

            all.AddRange(page.Messages);
            DeleteMessageBatchResponse deleted = await sqs.DeleteMessageBatchAsync(queue,
                [.. page.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle))]);
            Assert.Empty(deleted.Failed ?? []);
        }
    }
}
