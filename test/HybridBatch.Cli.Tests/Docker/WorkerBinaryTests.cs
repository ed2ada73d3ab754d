using System.Text.Json;
using Amazon.S3.Model;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.Tests.Parquet;
using HybridBatch.Core;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Tests.Docker;

/// <summary>
/// The binary the worker image holds (<see cref="WorkerImage"/>: published once for the class by the image's own
/// build command), run as a separate process from the image's folder alone: DuckDB's reference Parquet files through
/// <c>run</c>, and through <c>validate</c> then <c>process</c> with the Commands of template.yaml's job definitions
/// against the S3 emulator, publishing what DuckDB reads row for row; a JSON Lines file; a Kafka job that loads the
/// image's librdkafka. Parquet.Net's column reader needs the JIT, so this is the check that Parquet works where it
/// runs on AWS.
/// </summary>
// Its own emulator rather than the shared collection's: the class waits minutes for its publish, and the emulator
// collection's tests run one class after another, so joining it would add that wait to theirs.
public sealed class WorkerBinaryTests(WorkerImage image, ParquetReferenceFiles parquet, EmulatorFixture emulator)
    : IClassFixture<WorkerImage>, IClassFixture<ParquetReferenceFiles>, IClassFixture<EmulatorFixture>, IDisposable
{
    private const string AnyObject = "{\"type\":\"object\"}";
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(3);

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_binary_the_image_holds_is_the_jit_build_with_the_one_librdkafka_that_loads_and_the_images_glibc()
    {
        // ReadyToRun with the JIT: the runtime and the app's IL are there, a Native AOT single file would have neither.
        Assert.True(File.Exists(Path.Combine(image.Folder, "hybridbatch.dll")), "hybridbatch.dll is missing: not the JIT build");
        Assert.True(File.Exists(Path.Combine(image.Folder, "libclrjit.so")), "libclrjit.so is missing: not a self-contained JIT build");
        Assert.True(File.Exists(Path.Combine(image.Folder, "Parquet.dll")));
        string[] librdkafka = Directory.GetFiles(image.Folder, "*librdkafka*.so").Select(f => Path.GetFileName(f)).ToArray();
        Assert.Equal(["centos8-librdkafka.so"], librdkafka);

        (int glibc, string glibcOut, string glibcErr) = await ChildProcess.RunAsync(
            Repository.File("scripts/check-glibc.sh"), [WorkerImage.Publish().MaxGlibc, image.Folder], Repository.Root, null, TimeSpan.FromMinutes(1));
        Assert.True(glibc == 0, glibcOut + glibcErr);
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public async Task The_binary_the_image_holds_runs_duckdb_files_and_publishes_what_duckdb_reads(string codec)
    {
        string schema = await SchemaFileAsync();
        string outFolder = _folder.File("out");

        (int exitCode, string output, string log) = await RunBinaryAsync(_folder.Path, HermeticEnvironment.With(),
            "run", parquet.File($"types-{codec}.parquet"), "--schema", schema, "--chunk-records", "2048", "--out", outFolder);

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        DuckDbRows.AssertSameRows(parquet.File("types.expected.jsonl"), DuckDbRows.Published(Path.Combine(runFolder, "output")));
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public async Task The_binary_the_image_holds_validates_and_processes_duckdb_files_as_the_job_definitions_call_it(string codec)
    {
        string bucket = await emulator.CreateBucketAsync();
        string key = $"lake/types-{codec}.parquet";
        await emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = parquet.File($"types-{codec}.parquet") });
        await emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "schemas/any.schema.json", ContentBody = AnyObject });
        Dictionary<string, string?> environment = S3Environment(bucket);
        // The run id the state machine derives from the object (the split function's), as the submit passes it.
        ObjectInfo info = (await AwsAccess.S3Store(name => environment.GetValueOrDefault(name)).StatAsync(new ObjectLocation(bucket, key), CancellationToken.None))!;
        string runId = RunId.Derive(info);

        // The validation job: template.yaml's parameter defaults (schema from S3, format auto) and 2,048-record chunks,
        // so the plan has several row-group chunks.
        string[] validate = JobDefinitionCommand.Read("BatchValidationJobDefinition", new Dictionary<string, string>
        {
            ["bucket"] = bucket, ["key"] = key, ["runId"] = runId, ["workBucket"] = bucket,
            ["schema"] = $"s3://{bucket}/schemas/any.schema.json", ["format"] = "auto",
            ["ChunkRecords"] = "2048", ["MaxErrorRate"] = "0.01",
        });
        (int validated, string summaryJson, string validateLog) = await RunBinaryAsync(_folder.Path, environment, validate);
        Assert.True(validated == 0, validateLog + summaryJson);
        SplitSummary summary = JsonSerializer.Deserialize(summaryJson, HybridBatchJson.Default.SplitSummary)!;
        Assert.Equal(runId, summary.RunId);
        Assert.True(summary.Chunks > 1, $"{summary.Chunks} chunk(s)");

        // The processing job once per chunk item, as the Distributed Map hands them to the submit function. The file
        // destination keeps the published rows where the test reads them (S3RunTests covers the SQS destination).
        using GetObjectResponse items = await emulator.S3.GetObjectAsync(bucket, summary.ChunkItemsKey);
        IReadOnlyList<ChunkPlanEntry> chunks = (await JsonSerializer.DeserializeAsync(items.ResponseStream, HybridBatchJson.Default.IReadOnlyListChunkPlanEntry))!;
        Assert.Equal(summary.Chunks, chunks.Count);
        environment["RECORD_DESTINATION"] = "file";
        foreach (ChunkPlanEntry chunk in chunks)
        {
            string[] process = JobDefinitionCommand.Read("BatchProcessingJobDefinition", new Dictionary<string, string>
            {
                ["runId"] = runId, ["chunkId"] = Text(chunk.ChunkId), ["startIndex"] = Text(chunk.StartIndex),
                ["endIndex"] = Text(chunk.EndIndex), ["workBucket"] = bucket,
            });
            (int processed, string result, string processLog) = await RunBinaryAsync(_folder.Path, environment, process);
            Assert.True(processed == 0, $"chunk {chunk.ChunkId}: {processLog}{result}");
        }

        // Without --out, the file destination writes under ./out of the job's working directory.
        DuckDbRows.AssertSameRows(parquet.File("types.expected.jsonl"), DuckDbRows.Published(_folder.File(Path.Combine("out", "runs", runId, "output"))));
    }

    [Fact]
    public async Task The_binary_the_image_holds_runs_a_json_lines_file()
    {
        string input = _folder.File("orders.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--records", "3000", "--invalid-rate", "0.005", "--seed", "11", "--out", input);
        Assert.True(generated == 0, generateLog);
        string outFolder = _folder.File("out");

        (int exitCode, string output, string log) = await RunBinaryAsync(_folder.Path, HermeticEnvironment.With(),
            "run", input, "--schema", "orders", "--destination", "file", "--chunk-records", "1200", "--threshold", "1000", "--out", outFolder);

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outFolder, "runs")));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        long published = report.RootElement.GetProperty("published").GetInt64();
        long rejected = report.RootElement.GetProperty("rejected").GetInt64();
        Assert.Equal(3000, published + rejected);
        Assert.InRange(rejected, 1, 100);
        // Both routes ran: the Batch-route chunks as `process` children of this very binary.
        Assert.Equal(2, report.RootElement.GetProperty("routes").GetProperty("batch").GetProperty("chunks").GetInt32());
        long[] indexes = OutputParts.RecordIndexes(Path.Combine(runFolder, "output")).ToArray();
        Assert.Equal(published, indexes.Length);
        Assert.Equal(indexes.Length, indexes.Distinct().Count());
    }

    [Fact]
    public async Task The_binary_the_image_holds_loads_librdkafka_and_runs_a_kafka_job()
    {
        // Both routes (the Batch route as child processes of this very binary) load librdkafka from the image's
        // folder, publish to a local mock cluster and read every record back.
        string input = _folder.File("orders.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--records", "3000", "--invalid-rate", "0.005", "--out", input);
        Assert.True(generated == 0, generateLog);

        (int exitCode, string output, string log) = await RunBinaryAsync(_folder.Path, HermeticEnvironment.With(),
            "run", input, "--schema", "orders", "--destination", "kafka", "--chunk-records", "1200", "--threshold", "1000", "--out", _folder.File("out"));

        Assert.True(exitCode == 0, log + output);
        Assert.Matches(@"found (\S+) records \(\1 distinct\), published \1: match", output);
    }

    public void Dispose() => _folder.Dispose();

    private Task<(int ExitCode, string Out, string Err)> RunBinaryAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        ChildProcess.RunAsync(image.Binary, args, workingDirectory, environment, s_limit);

    private async Task<string> SchemaFileAsync()
    {
        string schema = _folder.File("any.schema.json");
        await File.WriteAllTextAsync(schema, AnyObject);
        return schema;
    }

    /// <summary>The job definitions' environment (S3_BUCKET, AWS_REGION), pointed at the emulator.</summary>
    private Dictionary<string, string?> S3Environment(string bucket) => HermeticEnvironment.With(
        ("S3_BUCKET", bucket),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", emulator.Endpoint.ToString()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"));

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
