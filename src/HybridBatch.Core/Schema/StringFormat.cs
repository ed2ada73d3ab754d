namespace HybridBatch.Core.Schema;

/// <summary>The <c>format</c> values this validator asserts (names and parsing in <see cref="FormatChecks"/>).</summary>
internal enum StringFormat
{
    None,
    DateTime,
    Date,
    Email,
    Uuid,
    Time,
    Duration,
    Hostname,
    IPv4,
    IPv6,
    Uri,
    UriReference,
}
