using System.Text.Json;
using Amazon.S3.Model;
using HybridBatch.Adapters.Aws;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Handlers;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Events;

/// <summary>
/// Which object the split's event names, against the S3 emulator: S3 sends an event's key URL-encoded, form style
/// ("red flower.jpg" becomes "red+flower.jpg"), so the key is decoded, unless only the key as it came exists.
/// </summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class S3EventKeyTests(FunctionWorld world)
{
    // Each object's key and that key as S3 writes it into an event (form encoding of the UTF-8 bytes), by hand.
    private static readonly (string Key, string Encoded)[] s_keys =
    [
        ("incoming/red flower.jsonl", "incoming/red+flower.jsonl"),
        ("incoming/a+b.jsonl", "incoming/a%2Bb.jsonl"),
        ("incoming/100%.jsonl", "incoming/100%25.jsonl"),
        ("incoming/x=1.jsonl", "incoming/x%3D1.jsonl"),
        ("incoming/12:00.jsonl", "incoming/12%3A00.jsonl"),
        ("incoming/café ☃.jsonl", "incoming/caf%C3%A9+%E2%98%83.jsonl"),
        ("incoming/%41 b+c%d=e:f é.jsonl", "incoming/%2541+b%2Bc%25d%3De%3Af+%C3%A9.jsonl"),
    ];

    public static TheoryData<string, string> EncodedKeys
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach ((string key, string encoded) in s_keys)
            {
                data.Add(key, encoded);
            }

            return data;
        }
    }

    public static TheoryData<string> Keys
    {
        get
        {
            var data = new TheoryData<string>();
            foreach ((string key, _) in s_keys)
            {
                data.Add(key);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EncodedKeys))]
    public async Task An_encoded_key_names_the_object_it_encodes(string key, string encoded)
    {
        string bucket = await PutAsync(key);

        SplitSource source = await ReadAsync(ObjectCreated(bucket, encoded));

        Assert.Equal(key, source.Object.Key);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_key_that_came_as_it_is_names_that_object_when_the_decoded_key_does_not_exist(string key)
    {
        string bucket = await PutAsync(key);

        SplitSource source = await ReadAsync(ObjectCreated(bucket, key));

        Assert.Equal(key, source.Object.Key);
    }

    [Fact]
    public async Task When_both_exist_the_decoded_key_is_the_object()
    {
        // S3 sends a real "a+b" as "a%2Bb": "a+b" in an event is "a b".
        string bucket = await PutAsync("incoming/a b.jsonl", "incoming/a+b.jsonl");

        SplitSource source = await ReadAsync(ObjectCreated(bucket, "incoming/a+b.jsonl"));

        Assert.Equal("incoming/a b.jsonl", source.Object.Key);
    }

    [Fact]
    public async Task When_neither_exists_the_decoded_key_is_the_one_reported_missing()
    {
        string bucket = await PutAsync();

        SplitSource source = await ReadAsync(ObjectCreated(bucket, "incoming/no+such%3Dobject.jsonl"));

        Assert.Equal("incoming/no such=object.jsonl", source.Object.Key);
    }

    [Fact]
    public async Task A_console_input_names_its_key_as_it_is()
    {
        string bucket = await PutAsync("incoming/a b.jsonl");
        string input = $$"""{ "bucket": "{{bucket}}", "key": "incoming/a+b.jsonl" }""";

        SplitSource source = await ReadAsync(input);

        Assert.Equal("incoming/a+b.jsonl", source.Object.Key);
    }

    [Theory]
    [InlineData("a+b", "a b")]
    [InlineData("%41%42", "AB")]
    [InlineData("caf%c3%a9", "café")]
    [InlineData("plain/key.jsonl", "plain/key.jsonl")]
    [InlineData("100%", null)]
    [InlineData("%4", null)]
    [InlineData("%zz", null)]
    [InlineData("%C3%28", null)]
    public void Decoding_is_form_decoding_of_utf8_and_refuses_what_is_not_an_encoding(string raw, string? expected)
    {
        Assert.Equal(expected, S3EventKey.Decode(raw));
    }

    private async Task<string> PutAsync(params string[] keys)
    {
        string bucket = await world.Emulator.CreateBucketAsync();
        foreach (string key in keys)
        {
            await world.Emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "{\"id\":1}\n" });
        }

        return bucket;
    }

    private async Task<SplitSource> ReadAsync(string eventJson)
    {
        SplitEvent input = JsonSerializer.Deserialize(eventJson, FunctionsJson.Default.SplitEvent)!;
        return await SplitSource.ReadAsync(input, new S3ObjectStore(world.Emulator.S3), CancellationToken.None);
    }

    // The EventBridge "Object Created" event as events/split-s3-eventbridge.json has it, for this bucket and key.
    private static string ObjectCreated(string bucket, string key) =>
        $$"""
        { "detail-type": "Object Created", "source": "aws.s3",
          "detail": { "bucket": { "name": {{JsonSerializer.Serialize(bucket)}} }, "object": { "key": {{JsonSerializer.Serialize(key)}}, "size": 9 } } }
        """;
}
