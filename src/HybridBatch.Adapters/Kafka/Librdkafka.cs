using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The librdkafka C functions the producer uses, bound with function pointers to the very copy of librdkafka
/// Confluent.Kafka loaded (or the one <c>KAFKA_LIBRDKAFKA</c> names): a second copy would have its own globals, and
/// pointers from one copy must not be handed to the other. Function pointers need no marshalling stubs, so this is
/// Native-AOT-safe; Confluent.Kafka exposes no public way to reach its own <c>rd_kafka_t*</c>, which is why the
/// producer is created here. The library is bound, and its version checked, on the first call; each function is
/// looked up on its own first call (<see cref="LibrdkafkaBinding"/>), so a missing one is named where it is needed.
/// Owned objects come back as <see cref="SafeHandle"/>s; the raw-pointer calls are for <see cref="NativeLease"/>s.
/// </summary>
internal static unsafe class Librdkafka
{
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_MSG_F_COPY</c>: librdkafka copies the value, so the batch's memory can be reused at once.</summary>
    public const int MsgFlagCopy = 0x2;

    /// <summary><c>RD_KAFKA_RESP_ERR__QUEUE_FULL</c>.</summary>
    public const int ErrQueueFull = (int)ErrorCode.Local_QueueFull;

    private const int ErrorTextBytes = 512;

    private static readonly Lazy<LibrdkafkaBinding> s_binding = new(BindProcessCopy, LazyThreadSafetyMode.ExecutionAndPublication);

    // One slot per C function, filled on its first call.
    private static nint s_confNew;
    private static nint s_confDestroy;
    private static nint s_confSet;
    private static nint s_confSetOpaque;
    private static nint s_confSetDrMsgCb;
    private static nint s_confSetErrorCb;
    private static nint s_confSetTokenRefreshCb;
    private static nint s_new;
    private static nint s_destroy;
    private static nint s_topicNew;
    private static nint s_topicDestroy;
    private static nint s_produceva;
    private static nint s_poll;
    private static nint s_flush;
    private static nint s_outqLen;
    private static nint s_metadata;
    private static nint s_metadataDestroy;
    private static nint s_initTransactions;
    private static nint s_beginTransaction;
    private static nint s_commitTransaction;
    private static nint s_abortTransaction;
    private static nint s_errorCode;
    private static nint s_errorDestroy;
    private static nint s_errorString;
    private static nint s_errorIsFatal;
    private static nint s_errorIsRetriable;
    private static nint s_errorTxnRequiresAbort;
    private static nint s_fatalError;
    private static nint s_err2str;
    private static nint s_setToken;
    private static nint s_setTokenFailure;
    private static nint s_versionStr;

    /// <summary>The process's librdkafka, bound (and its version checked) on first use.</summary>
    public static LibrdkafkaBinding Binding => s_binding.Value;

    /// <summary>A new configuration holding <paramref name="properties"/>.</summary>
    /// <param name="properties">librdkafka's properties.</param>
    /// <param name="settingOf">The setting each property comes from (<see cref="KafkaProducerHandle.SettingOfProperty"/>), so a refusal names it.</param>
    /// <exception cref="ConfigurationException">librdkafka refused a property: named by its setting, else by <c>KAFKA_LIBRDKAFKA</c>.</exception>
    public static KafkaConfSafeHandle NewConf(IEnumerable<KeyValuePair<string, string>> properties, IReadOnlyDictionary<string, string>? settingOf = null)
    {
        var conf = new KafkaConfSafeHandle(((delegate* unmanaged[Cdecl]<nint>)Fn(ref s_confNew, "rd_kafka_conf_new"))());
        var set = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int>)Fn(ref s_confSet, "rd_kafka_conf_set");
        byte* error = stackalloc byte[ErrorTextBytes];
        using NativeLease lease = conf.Lease();
        foreach ((string name, string value) in properties)
        {
            fixed (byte* namePtr = Utf8(name))
            fixed (byte* valuePtr = Utf8(value))
            {
                if (set(lease.Handle, namePtr, valuePtr, error, ErrorTextBytes) != 0)
                {
                    conf.Dispose();
                    // The value is left out: it may be a password.
                    throw Refused(name, $"librdkafka rejected the setting {name}: {Text(error)}", settingOf);
                }
            }
        }

        return conf;
    }

    public static void ConfSetOpaque(KafkaConfSafeHandle conf, nint opaque) => ConfSetPointer(conf, ref s_confSetOpaque, "rd_kafka_conf_set_opaque", opaque);

    public static void ConfSetDeliveryReportCallback(KafkaConfSafeHandle conf, nint callback) =>
        ConfSetPointer(conf, ref s_confSetDrMsgCb, "rd_kafka_conf_set_dr_msg_cb", callback);

    public static void ConfSetErrorCallback(KafkaConfSafeHandle conf, nint callback) =>
        ConfSetPointer(conf, ref s_confSetErrorCb, "rd_kafka_conf_set_error_cb", callback);

    public static void ConfSetTokenRefreshCallback(KafkaConfSafeHandle conf, nint callback) =>
        ConfSetPointer(conf, ref s_confSetTokenRefreshCb, "rd_kafka_conf_set_oauthbearer_token_refresh_cb", callback);

    /// <summary>
    /// A new client of <paramref name="type"/>, which owns <paramref name="conf"/> from then on, and
    /// <paramref name="opaque"/> (if allocated) too; on failure both stay the caller's.
    /// </summary>
    /// <param name="type">Producer or consumer.</param>
    /// <param name="conf">The configuration; the client's once created.</param>
    /// <param name="opaque">What the callbacks receive.</param>
    /// <param name="settingOf">As for <see cref="NewConf"/>: a refusal that names a property (librdkafka quotes it in backticks) names its setting.</param>
    public static KafkaClientSafeHandle NewClient(int type, KafkaConfSafeHandle conf, GCHandle opaque = default, IReadOnlyDictionary<string, string>? settingOf = null)
    {
        var create = (delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint>)Fn(ref s_new, "rd_kafka_new");
        byte* error = stackalloc byte[ErrorTextBytes];
        nint client;
        using (NativeLease lease = conf.Lease())
        {
            client = create(type, lease.Handle, error, ErrorTextBytes);
        }

        if (client == 0)
        {
            string text = Text(error);
            string message = $"librdkafka could not create the client: {text}";
            // Settings librdkafka checks together ("`message.timeout.ms` must be greater than `linger.ms`"): the first of ours it names.
            string? property = settingOf?.Keys.Where(p => text.Contains($"`{p}`", StringComparison.Ordinal))
                .OrderBy(p => text.IndexOf($"`{p}`", StringComparison.Ordinal)).FirstOrDefault();
            throw property is null ? new InvalidOperationException(message) : Refused(property, message, settingOf);
        }

        conf.GiveToClient();
        return new KafkaClientSafeHandle(client, opaque);
    }

    /// <summary>Raw: use <see cref="KafkaTopicSafeHandle.Create"/>, which keeps the client alive for the topic.</summary>
    public static nint TopicNew(nint client, string topic)
    {
        fixed (byte* name = Utf8(topic))
        {
            nint rkt = ((delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)Fn(ref s_topicNew, "rd_kafka_topic_new"))(client, name, 0);
            return rkt != 0 ? rkt : throw new InvalidOperationException($"librdkafka refused the topic {topic}");
        }
    }

    public static void Destroy(nint client) => ((delegate* unmanaged[Cdecl]<nint, void>)Fn(ref s_destroy, "rd_kafka_destroy"))(client);

    public static void TopicDestroy(nint topic) => ((delegate* unmanaged[Cdecl]<nint, void>)Fn(ref s_topicDestroy, "rd_kafka_topic_destroy"))(topic);

    public static void ConfDestroy(nint conf) => ((delegate* unmanaged[Cdecl]<nint, void>)Fn(ref s_confDestroy, "rd_kafka_conf_destroy"))(conf);

    public static void ErrorDestroy(nint error) => ((delegate* unmanaged[Cdecl]<nint, void>)Fn(ref s_errorDestroy, "rd_kafka_error_destroy"))(error);

    /// <summary>Queues messages; null, or an error the caller must wrap in a <see cref="KafkaErrorSafeHandle"/>.</summary>
    public static nint Produceva(nint client, ProduceArg* args, nuint count) =>
        ((delegate* unmanaged[Cdecl]<nint, ProduceArg*, nuint, nint>)Fn(ref s_produceva, "rd_kafka_produceva"))(client, args, count);

    public static int Poll(nint client, int timeoutMs) => ((delegate* unmanaged[Cdecl]<nint, int, int>)Fn(ref s_poll, "rd_kafka_poll"))(client, timeoutMs);

    public static int Flush(nint client, int timeoutMs) => ((delegate* unmanaged[Cdecl]<nint, int, int>)Fn(ref s_flush, "rd_kafka_flush"))(client, timeoutMs);

    public static int OutQueueLength(nint client) => ((delegate* unmanaged[Cdecl]<nint, int>)Fn(ref s_outqLen, "rd_kafka_outq_len"))(client);

    public static int Metadata(nint client, int allTopics, nint onlyTopic, MetadataAnswer** answer, int timeoutMs) =>
        ((delegate* unmanaged[Cdecl]<nint, int, nint, MetadataAnswer**, int, int>)Fn(ref s_metadata, "rd_kafka_metadata"))(client, allTopics, onlyTopic, answer, timeoutMs);

    public static void MetadataDestroy(MetadataAnswer* answer) =>
        ((delegate* unmanaged[Cdecl]<MetadataAnswer*, void>)Fn(ref s_metadataDestroy, "rd_kafka_metadata_destroy"))(answer);

    public static nint InitTransactions(nint client, int timeoutMs) =>
        ((delegate* unmanaged[Cdecl]<nint, int, nint>)Fn(ref s_initTransactions, "rd_kafka_init_transactions"))(client, timeoutMs);

    public static nint BeginTransaction(nint client) =>
        ((delegate* unmanaged[Cdecl]<nint, nint>)Fn(ref s_beginTransaction, "rd_kafka_begin_transaction"))(client);

    public static nint CommitTransaction(nint client, int timeoutMs) =>
        ((delegate* unmanaged[Cdecl]<nint, int, nint>)Fn(ref s_commitTransaction, "rd_kafka_commit_transaction"))(client, timeoutMs);

    public static nint AbortTransaction(nint client, int timeoutMs) =>
        ((delegate* unmanaged[Cdecl]<nint, int, nint>)Fn(ref s_abortTransaction, "rd_kafka_abort_transaction"))(client, timeoutMs);

    public static int ErrorCodeOf(KafkaErrorSafeHandle error)
    {
        using NativeLease lease = error.Lease();
        return ((delegate* unmanaged[Cdecl]<nint, int>)Fn(ref s_errorCode, "rd_kafka_error_code"))(lease.Handle);
    }

    /// <summary>The fatal error the client hit, after which it can publish nothing more; null if none.</summary>
    public static Error? FatalError(nint client)
    {
        byte* reason = stackalloc byte[ErrorTextBytes];
        int code = ((delegate* unmanaged[Cdecl]<nint, byte*, nuint, int>)Fn(ref s_fatalError, "rd_kafka_fatal_error"))(client, reason, ErrorTextBytes);
        return code == 0 ? null : new Error((ErrorCode)code, Text(reason), isFatal: true);
    }

    public static Error ErrorFor(int code) =>
        new((ErrorCode)code, Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<int, nint>)Fn(ref s_err2str, "rd_kafka_err2str"))(code)), isFatal: false);

    /// <summary>
    /// Turns an <c>rd_kafka_error_t</c> into the exception Confluent.Kafka would throw for it (the type says what
    /// librdkafka allows next: retry the call, abort the transaction, or nothing), and destroys it.
    /// </summary>
    public static KafkaException TakeException(KafkaErrorSafeHandle error)
    {
        using (error)
        {
            using NativeLease lease = error.Lease();
            nint e = lease.Handle;
            var isFatal = (delegate* unmanaged[Cdecl]<nint, int>)Fn(ref s_errorIsFatal, "rd_kafka_error_is_fatal");
            var text = (delegate* unmanaged[Cdecl]<nint, nint>)Fn(ref s_errorString, "rd_kafka_error_string");
            var details = new Error((ErrorCode)ErrorCodeOf(error), Marshal.PtrToStringUTF8(text(e)), isFatal(e) != 0);
            if (((delegate* unmanaged[Cdecl]<nint, int>)Fn(ref s_errorTxnRequiresAbort, "rd_kafka_error_txn_requires_abort"))(e) != 0)
            {
                return new KafkaTxnRequiresAbortException(details);
            }

            bool retriable = ((delegate* unmanaged[Cdecl]<nint, int>)Fn(ref s_errorIsRetriable, "rd_kafka_error_is_retriable"))(e) != 0;
            return retriable ? new KafkaRetriableException(details) : new KafkaException(details);
        }
    }

    /// <summary>Throws the exception for <paramref name="error"/> (a raw <c>rd_kafka_error_t*</c>) unless it is null (success).</summary>
    public static void Check(nint error)
    {
        if (error != 0)
        {
            throw TakeException(new KafkaErrorSafeHandle(error));
        }
    }

    /// <summary>Hands librdkafka an OAUTHBEARER token; on refusal its reason, else null.</summary>
    public static string? SetToken(nint client, string token, long expiryUnixMs, string principal)
    {
        var set = (delegate* unmanaged[Cdecl]<nint, byte*, long, byte*, byte**, nuint, byte*, nuint, int>)Fn(ref s_setToken, "rd_kafka_oauthbearer_set_token");
        byte* error = stackalloc byte[ErrorTextBytes];
        fixed (byte* tokenPtr = Utf8(token))
        fixed (byte* principalPtr = Utf8(principal))
        {
            return set(client, tokenPtr, expiryUnixMs, principalPtr, null, 0, error, ErrorTextBytes) == 0 ? null : Text(error);
        }
    }

    public static void SetTokenFailure(nint client, string reason)
    {
        fixed (byte* reasonPtr = Utf8(reason))
        {
            ((delegate* unmanaged[Cdecl]<nint, byte*, int>)Fn(ref s_setTokenFailure, "rd_kafka_oauthbearer_set_token_failure"))(client, reasonPtr);
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

    /// <summary>The function <paramref name="name"/> of the process's librdkafka, looked up once into <paramref name="slot"/>.</summary>
    public static nint Fn(ref nint slot, string name)
    {
        nint address = Volatile.Read(ref slot);
        if (address == 0)
        {
            address = Binding.Export(name);
            Volatile.Write(ref slot, address);
        }

        return address;
    }

    /// <summary>The bound build's file, e.g. for running another librdkafka client (kcat) on the very same build.</summary>
    public static string FilePath() => Binding.Path;

    /// <summary>The bound build's <c>rd_kafka_version_str()</c>, e.g. "2.0.2".</summary>
    public static string Version() => Text(((delegate* unmanaged[Cdecl]<byte*>)Fn(ref s_versionStr, "rd_kafka_version_str"))());

    private static void ConfSetPointer(KafkaConfSafeHandle conf, ref nint slot, string name, nint pointer)
    {
        var set = (delegate* unmanaged[Cdecl]<nint, nint, void>)Fn(ref slot, name);
        using NativeLease lease = conf.Lease();
        set(lease.Handle, pointer);
    }

    // A property librdkafka refused is a setting of ours (or, for one we always set, the build KAFKA_LIBRDKAFKA chose).
    private static ConfigurationException Refused(string property, string message, IReadOnlyDictionary<string, string>? settingOf) =>
        settingOf is not null && settingOf.TryGetValue(property, out string? setting)
            ? ConfigurationException.Explained(setting, message)
            : ConfigurationException.Explained(SettingNames.KafkaLibrdkafka, message + " (a property HybridBatch always sets: the librdkafka build in use, KAFKA_LIBRDKAFKA's or the bundled one, does not support it)");

    private static string Text(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? "";

    private static LibrdkafkaBinding BindProcessCopy()
    {
        // The argument structs are laid out for 64-bit processes (linux-x64, linux-arm64), the only ones we ship.
        if (!Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException("the Kafka producer needs a 64-bit process");
        }

        if (LibrdkafkaLocation.Bind() is LibrdkafkaBinding chosen)
        {
            // KAFKA_LIBRDKAFKA: the producer binds to that build; Confluent.Kafka's clients (tests' consumers, the mock
            // cluster) keep the bundled one. The two copies share nothing but the network.
            return chosen;
        }

        // Loading is idempotent: this makes Confluent.Kafka pick its copy (it prefers a build whose
        // dependencies this machine has, e.g. centos8-librdkafka.so on Debian) if nothing created a client yet.
        Library.Load();
        string? path = OperatingSystem.IsLinux() ? LoadedPathFromProcessMaps() : null;
        if (path is not null)
        {
            // dlopen of a path that is already loaded returns the same library, not a second copy.
            return LibrdkafkaBinding.Load(path);
        }

        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        string file = OperatingSystem.IsWindows() ? "librdkafka.dll" : OperatingSystem.IsMacOS() ? "librdkafka.dylib" : "librdkafka.so";
        return LibrdkafkaBinding.Load(Path.Combine(native, file));
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
