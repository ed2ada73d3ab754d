namespace HybridBatch.Core.Storage;

/// <summary>
/// An object's address: a bucket (an S3 bucket, or a folder for the local store) and a key inside it.
/// </summary>
public sealed record ObjectLocation(string Bucket, string Key)
{
    public override string ToString() => $"{Bucket.TrimEnd('/')}/{Key}";

    /// <summary>The same bucket, another key.</summary>
    public ObjectLocation WithKey(string key) => new(Bucket, key);
}
