using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The librdkafka C functions the producer uses, bound with function pointers to the very copy of librdkafka
/// Confluent.Kafka loaded: a second copy would have its own globals, and pointers from one copy must not be handed
/// to the other. Function pointers need no marshalling stubs, so this is Native-AOT-safe; Confluent.Kafka exposes no
/// public way to reach its own <c>rd_kafka_t*</c>, which is why the producer is created here.
/// </summary>
internal static unsafe class Librdkafka
{
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_MSG_F_COPY</c>: librdkafka copies the value, so the batch's memory can be reused at once.</summary>
    public const int MsgFlagCopy = 0x2;

    /// <summary><c>RD_KAFKA_RESP_ERR__QUEUE_FULL</c>.</summary>
    public const int ErrQueueFull = (int)ErrorCode.Local_QueueFull;

    private const int ErrorTextBytes = 512;

    private static readonly (nint Handle, string File) s_bound = LoadConfluentsCopy();

    private static readonly nint s_library = s_bound.Handle;

    public static readonly delegate* unmanaged[Cdecl]<nint> ConfNew =
        (delegate* unmanaged[Cdecl]<nint>)Export("rd_kafka_conf_new");

    public static readonly delegate* unmanaged[Cdecl]<nint, void> ConfDestroy =
        (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_conf_destroy");

    public static readonly delegate* unmanaged[Cdecl]<nint, nint, void> ConfSetOpaque =
        (delegate* unmanaged[Cdecl]<nint, nint, void>)Export("rd_kafka_conf_set_opaque");

    public static readonly delegate* unmanaged[Cdecl]<nint, nint, void> ConfSetDeliveryReportCallback =
        (delegate* unmanaged[Cdecl]<nint, nint, void>)Export("rd_kafka_conf_set_dr_msg_cb");

    public static readonly delegate* unmanaged[Cdecl]<nint, nint, void> ConfSetErrorCallback =
        (delegate* unmanaged[Cdecl]<nint, nint, void>)Export("rd_kafka_conf_set_error_cb");

    public static readonly delegate* unmanaged[Cdecl]<nint, nint, void> ConfSetTokenRefreshCallback =
        (delegate* unmanaged[Cdecl]<nint, nint, void>)Export("rd_kafka_conf_set_oauthbearer_token_refresh_cb");

    public static readonly delegate* unmanaged[Cdecl]<nint, void> Destroy =
        (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_destroy");

    public static readonly delegate* unmanaged[Cdecl]<nint, void> TopicDestroy =
        (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_topic_destroy");

    public static readonly delegate* unmanaged[Cdecl]<nint, ProduceArg*, nuint, nint> Produceva =
        (delegate* unmanaged[Cdecl]<nint, ProduceArg*, nuint, nint>)Export("rd_kafka_produceva");

    public static readonly delegate* unmanaged[Cdecl]<nint, int, int> Poll =
        (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_poll");

    public static readonly delegate* unmanaged[Cdecl]<nint, int, int> Flush =
        (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_flush");

    public static readonly delegate* unmanaged[Cdecl]<nint, int> OutQueueLength =
        (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_outq_len");

    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint, MetadataAnswer**, int, int> Metadata =
        (delegate* unmanaged[Cdecl]<nint, int, nint, MetadataAnswer**, int, int>)Export("rd_kafka_metadata");

    public static readonly delegate* unmanaged[Cdecl]<MetadataAnswer*, void> MetadataDestroy =
        (delegate* unmanaged[Cdecl]<MetadataAnswer*, void>)Export("rd_kafka_metadata_destroy");

    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> InitTransactions =
        (delegate* unmanaged[Cdecl]<nint, int, nint>)Export("rd_kafka_init_transactions");

    public static readonly delegate* unmanaged[Cdecl]<nint, nint> BeginTransaction =
        (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_begin_transaction");

    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> CommitTransaction =
        (delegate* unmanaged[Cdecl]<nint, int, nint>)Export("rd_kafka_commit_transaction");

    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> AbortTransaction =
        (delegate* unmanaged[Cdecl]<nint, int, nint>)Export("rd_kafka_abort_transaction");

    public static readonly delegate* unmanaged[Cdecl]<nint, int> ErrorCodeOf =
        (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_error_code");

    public static readonly delegate* unmanaged[Cdecl]<nint, void> ErrorDestroy =
        (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_error_destroy");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int> s_confSet =
        (delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int>)Export("rd_kafka_conf_set");

    private static readonly delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint> s_new =
        (delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint>)Export("rd_kafka_new");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> s_topicNew =
        (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)Export("rd_kafka_topic_new");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, nuint, int> s_fatalError =
        (delegate* unmanaged[Cdecl]<nint, byte*, nuint, int>)Export("rd_kafka_fatal_error");

    private static readonly delegate* unmanaged[Cdecl]<int, nint> s_errorText =
        (delegate* unmanaged[Cdecl]<int, nint>)Export("rd_kafka_err2str");

    private static readonly delegate* unmanaged[Cdecl]<nint, nint> s_errorString =
        (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_error_string");

    private static readonly delegate* unmanaged[Cdecl]<nint, int> s_errorIsFatal =
        (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_error_is_fatal");

    private static readonly delegate* unmanaged[Cdecl]<nint, int> s_errorIsRetriable =
        (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_error_is_retriable");

    private static readonly delegate* unmanaged[Cdecl]<nint, int> s_errorTxnRequiresAbort =
        (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_error_txn_requires_abort");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, long, byte*, byte**, nuint, byte*, nuint, int> s_setToken =
        (delegate* unmanaged[Cdecl]<nint, byte*, long, byte*, byte**, nuint, byte*, nuint, int>)Export("rd_kafka_oauthbearer_set_token");

    private static readonly delegate* unmanaged[Cdecl]<nint, byte*, int> s_setTokenFailure =
        (delegate* unmanaged[Cdecl]<nint, byte*, int>)Export("rd_kafka_oauthbearer_set_token_failure");

    /// <summary>A new configuration holding <paramref name="properties"/>; the caller owns it.</summary>
    public static nint NewConf(IEnumerable<KeyValuePair<string, string>> properties)
    {
        nint conf = ConfNew();
        byte* error = stackalloc byte[ErrorTextBytes];
        foreach ((string name, string value) in properties)
        {
            fixed (byte* namePtr = Utf8(name))
            fixed (byte* valuePtr = Utf8(value))
            {
                if (s_confSet(conf, namePtr, valuePtr, error, ErrorTextBytes) != 0)
                {
                    ConfDestroy(conf);
                    // The value is left out: it may be a password.
                    throw new ArgumentException($"librdkafka rejected the setting {name}: {Text(error)}", name);
                }
            }
        }

        return conf;
    }

    /// <summary>A new client of <paramref name="type"/>, which owns <paramref name="conf"/> from then on.</summary>
    public static nint NewClient(int type, nint conf)
    {
        byte* error = stackalloc byte[ErrorTextBytes];
        nint handle = s_new(type, conf, error, ErrorTextBytes);
        if (handle == 0)
        {
            // On failure the configuration stays the caller's.
            ConfDestroy(conf);
            throw new InvalidOperationException($"librdkafka could not create the client: {Text(error)}");
        }

        return handle;
    }

    public static nint NewTopic(nint handle, string topic)
    {
        fixed (byte* name = Utf8(topic))
        {
            nint rkt = s_topicNew(handle, name, 0);
            return rkt != 0 ? rkt : throw new InvalidOperationException($"librdkafka refused the topic {topic}");
        }
    }

    /// <summary>The fatal error the client hit, after which it can publish nothing more; null if none.</summary>
    public static Error? FatalError(nint handle)
    {
        byte* reason = stackalloc byte[ErrorTextBytes];
        int code = s_fatalError(handle, reason, ErrorTextBytes);
        return code == 0 ? null : new Error((ErrorCode)code, Text(reason), isFatal: true);
    }

    public static Error ErrorFor(int code) => new((ErrorCode)code, Marshal.PtrToStringUTF8(s_errorText(code)), isFatal: false);

    /// <summary>
    /// Turns an <c>rd_kafka_error_t</c> into the exception Confluent.Kafka would throw for it (the type says what
    /// librdkafka allows next: retry the call, abort the transaction, or nothing), and destroys it.
    /// </summary>
    public static KafkaException TakeException(nint error)
    {
        try
        {
            var details = new Error((ErrorCode)ErrorCodeOf(error), Marshal.PtrToStringUTF8(s_errorString(error)), s_errorIsFatal(error) != 0);
            if (s_errorTxnRequiresAbort(error) != 0)
            {
                return new KafkaTxnRequiresAbortException(details);
            }

            return s_errorIsRetriable(error) != 0 ? new KafkaRetriableException(details) : new KafkaException(details);
        }
        finally
        {
            ErrorDestroy(error);
        }
    }

    /// <summary>Throws the exception for <paramref name="error"/> unless it is null (success).</summary>
    public static void Check(nint error)
    {
        if (error != 0)
        {
            throw TakeException(error);
        }
    }

    /// <summary>Hands librdkafka an OAUTHBEARER token; on refusal its reason, else null.</summary>
    public static string? SetToken(nint handle, string token, long expiryUnixMs, string principal)
    {
        byte* error = stackalloc byte[ErrorTextBytes];
        fixed (byte* tokenPtr = Utf8(token))
        fixed (byte* principalPtr = Utf8(principal))
        {
            return s_setToken(handle, tokenPtr, expiryUnixMs, principalPtr, null, 0, error, ErrorTextBytes) == 0 ? null : Text(error);
        }
    }

    public static void SetTokenFailure(nint handle, string reason)
    {
        fixed (byte* reasonPtr = Utf8(reason))
        {
            s_setTokenFailure(handle, reasonPtr);
        }
    }

    public static int Milliseconds(TimeSpan timeout) => (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);

    /// <summary>Null-terminated UTF-8, as the C API wants its strings.</summary>
    public static byte[] Utf8(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    public static nint Export(string name) => NativeLibrary.GetExport(s_library, name);

    /// <summary>The bound build's file, e.g. for running another librdkafka client (kcat) on the very same build.</summary>
    public static string FilePath() => s_bound.File;

    /// <summary>The bound build's <c>rd_kafka_version_str()</c>, e.g. "2.0.2".</summary>
    public static string Version() => Text(((delegate* unmanaged[Cdecl]<byte*>)Export("rd_kafka_version_str"))());

    private static string Text(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? "";

    private static (nint Handle, string File) LoadConfluentsCopy()
    {
        // The argument structs are laid out for 64-bit processes (linux-x64, linux-arm64), the only ones we ship.
        if (!Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException("the Kafka producer needs a 64-bit process");
        }

        // Loading is idempotent: this makes Confluent.Kafka pick its copy (it prefers a build whose
        // dependencies this machine has, e.g. centos8-librdkafka.so on Debian) if nothing created a client yet.
        Library.Load();
        if (LibrdkafkaLocation.Bind() is { Handle: not 0, Path: string chosenPath } chosen)
        {
            // KAFKA_LIBRDKAFKA: the producer binds to that build; Confluent.Kafka's clients (tests' consumers, the mock
            // cluster) keep the bundled one. The two copies share nothing but the network.
            return (chosen.Handle, chosenPath);
        }

        string? path = OperatingSystem.IsLinux() ? LoadedPathFromProcessMaps() : null;
        if (path is not null)
        {
            // dlopen of a path that is already loaded returns the same library, not a second copy.
            return (NativeLibrary.Load(path), path);
        }

        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        string file = OperatingSystem.IsWindows() ? "librdkafka.dll" : OperatingSystem.IsMacOS() ? "librdkafka.dylib" : "librdkafka.so";
        string bundled = Path.Combine(native, file);
        return (NativeLibrary.Load(bundled), bundled);
    }

    private static string? LoadedPathFromProcessMaps()
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.AsSpan(slash).Contains("librdkafka", StringComparison.Ordinal))
            {
                return line[slash..].Trim();
            }
        }

        return null;
    }
}
