using System.Diagnostics;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>
/// Binding a librdkafka build: a file that is not there, a library that is not librdkafka, one that is too old, and a
/// function the build lacks are each an error naming the file (and the function), classified as configuration.
/// </summary>
public sealed class LibrdkafkaBindingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = Path.Combine(_folder.Path, "librdkafka-not-here.so");

        var failure = Assert.Throws<LibrdkafkaBindingException>(() => LibrdkafkaBinding.Load(path));

        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.Equal(path, failure.LibraryPath);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(failure));
    }

    [Fact]
    public void A_library_that_is_not_librdkafka_names_the_missing_function()
    {
        // A real shared library of this machine that lacks every rd_kafka_ function.
        string zlib = "libz.so.1";

        var failure = Assert.Throws<LibrdkafkaBindingException>(() => LibrdkafkaBinding.Load(zlib));

        Assert.Equal("rd_kafka_version", failure.Export);
        Assert.Contains("rd_kafka_version", failure.Message, StringComparison.Ordinal);
        Assert.Contains(zlib, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_older_than_the_transactions_api_is_refused_with_both_versions()
    {
        // A stand-in librdkafka whose rd_kafka_version() says 1.3.0, the release before the transactions API.
        string path = CompileFakeLibrdkafka("int rd_kafka_version(void) { return 0x010300ff; }");

        var failure = Assert.Throws<LibrdkafkaBindingException>(() => LibrdkafkaBinding.Load(path));

        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("1.3.0", failure.Message, StringComparison.Ordinal);
        Assert.Contains(LibrdkafkaBinding.MinimumVersionText, failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.Export);
    }

    [Fact]
    public void A_build_new_enough_but_without_a_function_fails_where_the_function_is_first_needed()
    {
        string path = CompileFakeLibrdkafka("int rd_kafka_version(void) { return 0x020002ff; }");

        // Binding succeeds: exports are looked up on first use, not all at once.
        LibrdkafkaBinding binding = LibrdkafkaBinding.Load(path);
        Assert.Equal("2.0.2", LibrdkafkaBinding.VersionText(binding.Version));

        var failure = Assert.Throws<LibrdkafkaBindingException>(() => binding.Export("rd_kafka_produceva"));
        Assert.Equal("rd_kafka_produceva", failure.Export);
        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_librdkafka_naming_a_wrong_file_says_which_setting()
    {
        string path = CompileFakeLibrdkafka("int rd_kafka_version(void) { return 0x010300ff; }");

        var failure = Assert.Throws<LibrdkafkaBindingException>(() => LibrdkafkaLocation.Choose(path));

        Assert.StartsWith(KafkaSettings.LibrdkafkaVariable, failure.Message, StringComparison.Ordinal);
        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_librdkafka_naming_another_build_after_the_producer_bound_is_a_configuration_error()
    {
        // A build that loads and has the producer's call: only the binding already made refuses it.
        string path = CompileFakeLibrdkafka("int rd_kafka_version(void) { return 0x020002ff; }\nint rd_kafka_produceva(void) { return 0; }");
        LibrdkafkaLocation.Bind();

        var failure = Assert.Throws<LibrdkafkaBindingException>(() => LibrdkafkaLocation.Choose(path));

        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(failure));
        Assert.StartsWith($"{KafkaSettings.LibrdkafkaVariable} is '{path}', but this process already publishes with librdkafka from ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(path, failure.LibraryPath);
    }

    [Fact]
    public void The_process_copy_is_new_enough_and_a_missing_function_is_named()
    {
        LibrdkafkaBinding binding = Librdkafka.Binding;

        Assert.True((uint)binding.Version >= LibrdkafkaBinding.MinimumVersion, $"bound {binding.Path} {LibrdkafkaBinding.VersionText(binding.Version)}");
        Assert.NotEqual(0, binding.Export("rd_kafka_produceva"));
        var failure = Assert.Throws<LibrdkafkaBindingException>(() => binding.Export("rd_kafka_no_such_function"));
        Assert.Contains("rd_kafka_no_such_function", failure.Message, StringComparison.Ordinal);
        Assert.Contains(binding.Path, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x010400ff, "1.4.0")]
    [InlineData(0x020002ff, "2.0.2")]
    [InlineData(0x02100001, "2.16.0-pre1")]
    public void Versions_read_as_librdkafka_writes_them(int version, string text) =>
        Assert.Equal(text, LibrdkafkaBinding.VersionText(version));

    public void Dispose() => _folder.Dispose();

    // The C compiler builds a real shared library: the binding is exercised through dlopen/dlsym as in production.
    private string CompileFakeLibrdkafka(string source)
    {
        string c = Path.Combine(_folder.Path, $"fake-{Guid.NewGuid():N}.c");
        string so = Path.ChangeExtension(c, ".so");
        File.WriteAllText(c, source);
        var start = new ProcessStartInfo("cc", ["-shared", "-fPIC", "-o", so, c]) { RedirectStandardError = true };
        using Process compiler = Process.Start(start) ?? throw new InvalidOperationException("cc did not start");
        string errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        Assert.True(compiler.ExitCode == 0, $"cc failed: {errors}");
        return so;
    }
}
