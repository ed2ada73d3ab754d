using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Wiring;

/// <summary>
/// Resolves a schema reference (<c>SCHEMA</c>, <c>--schema</c>, the <c>schema</c> of a console input): the name
/// of a sample (<c>orders</c>, <c>customers</c>, <c>inventory</c>) or an <c>s3://bucket/key</c> URI. A bad
/// reference throws an <see cref="ArgumentException"/>; an unreadable one fails with the store's error.
/// </summary>
public static class SchemaSource
{
    /// <summary>True for a sample name or an S3 URI that names an object; <paramref name="problem"/> says why not.</summary>
    public static bool IsValid(string reference, out string? problem)
    {
        problem = null;
        if (RecordSchema.SampleNames.Contains(reference))
        {
            return true;
        }

        try
        {
            if (AwsAccess.ParseS3Uri(reference) is not null)
            {
                return true;
            }
        }
        catch (FormatException malformed)
        {
            problem = malformed.Message;
            return false;
        }

        problem = $"'{reference}' is neither a sample ({string.Join(", ", RecordSchema.SampleNames)}) nor an s3://bucket/key URI";
        return false;
    }

    /// <summary>Loads the schema; <paramref name="store"/> reads <c>s3://</c> references.</summary>
    public static Task<RecordSchema> LoadAsync(string reference, IObjectStore store, CancellationToken cancellationToken) =>
        LoadAsync(reference, store, FormatAssertion.On, cancellationToken);

    /// <summary>As above, asserting formats or not (<c>--format-assertion</c>).</summary>
    public static async Task<RecordSchema> LoadAsync(string reference, IObjectStore store, FormatAssertion formatAssertion, CancellationToken cancellationToken)
    {
        if (!IsValid(reference, out string? problem))
        {
            throw new ArgumentException(problem, nameof(reference));
        }

        if (RecordSchema.SampleNames.Contains(reference))
        {
            return RecordSchema.LoadSample(reference, formatAssertion);
        }

        ObjectLocation location = AwsAccess.ParseS3Uri(reference)!;
        byte[] json = await store.ReadAllAsync(location, cancellationToken).ConfigureAwait(false);
        return RecordSchema.Load(json, location.Key[(location.Key.LastIndexOf('/') + 1)..], formatAssertion);
    }
}
