using System.Globalization;
using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// One loaded librdkafka build: its file, its <c>rd_kafka_version()</c> (checked when bound) and its exports, each
/// looked up when first asked for. A missing export is an error naming it and the file, raised where the function is
/// first needed, so a build that lacks only, say, the mock cluster's functions still publishes.
/// </summary>
internal sealed unsafe class LibrdkafkaBinding
{
    /// <summary>
    /// <c>rd_kafka_version()</c> of librdkafka 1.4.0 (<c>0xMMmmrrxx</c>, <c>xx = ff</c> for a release): the release that
    /// added the transactions API (<c>rd_kafka_init_transactions</c>, <c>rd_kafka_error_t</c>) and <c>rd_kafka_produceva</c>,
    /// the oldest calls the producer makes.
    /// </summary>
    public const int MinimumVersion = 0x010400ff;

    /// <summary><see cref="MinimumVersion"/> as people write it.</summary>
    public const string MinimumVersionText = "1.4.0";

    private readonly nint _library;

    private LibrdkafkaBinding(nint library, string path, int version)
    {
        _library = library;
        Path = path;
        Version = version;
    }

    /// <summary>The file the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>Its <c>rd_kafka_version()</c>, e.g. <c>0x020002ff</c> for 2.0.2.</summary>
    public int Version { get; }

    /// <summary>Loads <paramref name="path"/> and checks it is a librdkafka of at least <see cref="MinimumVersion"/>.</summary>
    public static LibrdkafkaBinding Load(string path)
    {
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception failure) when (failure is DllNotFoundException or BadImageFormatException or ArgumentException)
        {
            throw new LibrdkafkaBindingException(path, null, $"librdkafka could not be loaded from '{path}': {failure.Message}", failure);
        }

        return Adopt(library, path);
    }

    /// <summary>Binds a library already loaded (its handle from <see cref="NativeLibrary"/>), checking its version.</summary>
    public static LibrdkafkaBinding Adopt(nint library, string path)
    {
        var probe = new LibrdkafkaBinding(library, path, 0);
        int version = ((delegate* unmanaged[Cdecl]<int>)probe.Export("rd_kafka_version"))();
        if ((uint)version < MinimumVersion)
        {
            throw new LibrdkafkaBindingException(
                path,
                null,
                $"librdkafka at '{path}' is version {VersionText(version)}; HybridBatch needs {MinimumVersionText} or newer (its transactions API)");
        }

        return new LibrdkafkaBinding(library, path, version);
    }

    /// <summary>A <c>rd_kafka_version()</c> value as "major.minor.revision" (pre-releases get "-preN").</summary>
    public static string VersionText(int version)
    {
        uint v = (uint)version;
        string text = string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 0xff}.{(v >> 8) & 0xff}");
        uint preRelease = v & 0xff;
        return preRelease == 0xff ? text : string.Create(CultureInfo.InvariantCulture, $"{text}-pre{preRelease}");
    }

    /// <summary>The address of the C function <paramref name="name"/>; an error naming it and the file if there is none.</summary>
    public nint Export(string name) =>
        NativeLibrary.TryGetExport(_library, name, out nint address)
            ? address
            : throw new LibrdkafkaBindingException(
                Path,
                name,
                $"librdkafka at '{Path}' has no function {name}; HybridBatch needs librdkafka {MinimumVersionText} or newer built with it");
}
