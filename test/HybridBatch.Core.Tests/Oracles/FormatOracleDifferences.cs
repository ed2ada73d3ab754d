namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// Where JsonSchema.Net 8.0.5 is knowingly lax or wrong against a format's RFC, and this validator follows the
/// RFC: each rule names the case and the RFC text that decides it, and applies in one direction only. A
/// disagreement no rule explains fails <see cref="FormatOracleTests"/>.
/// </summary>
internal static class FormatOracleDifferences
{
    private static string? TopLabel(string address)
    {
        int at = address.LastIndexOf('@');
        return at < 0 || address.IndexOf('[', at) >= 0 ? null : address[(address.LastIndexOf('.') is var dot && dot > at ? dot + 1 : at + 1)..];
    }

    public static string? Explain(string format, string value, bool oursValid)
    {
        switch (format)
        {
            case "date-time" when !oursValid && value.Length > 10 && value[10] == ' ':
                return "JsonSchema.Net takes a space for T; RFC 3339 §5.6's ABNF requires T (a space is only a note's permission)";
            case not "duration" when !oursValid && value.EndsWith('\n'):
                return "JsonSchema.Net takes a trailing line feed (a regex's $); no production of these RFCs ends in one";
            case "date" or "date-time" when oursValid && value.StartsWith("0000-", StringComparison.Ordinal):
                return "JsonSchema.Net refuses year 0000; RFC 3339 date-fullyear is 4DIGIT (.NET's DateTime starts at year 1)";
            case "time" when !oursValid && value.IndexOf('.') is >= 0 and var dot && value.IndexOf('.', dot + 1) > dot:
                return "JsonSchema.Net takes a second '.' after the fraction; RFC 3339 time-secfrac is one '.' and digits";
            case "duration" when !oursValid:
                // JsonSchema.Net 8.0.5 accepts e.g. PW, PD, PT1M2, P4DT12H305S and " P2W". Only this direction is
                // explained; a duration it refuses that we accept fails.
                return "JsonSchema.Net's duration check is lax: leading white space, a unit without digits, digits without a unit, H then S without M; the RFC 3339 Appendix A ABNF derives none of them";
            case "email" when oursValid && value.LastIndexOf('@') is >= 0 and var at && !value[at..].Contains('.') && !value[at..].Contains('['):
                return "a single-label domain (a@example): RFC 5321's Domain is sub-domains joined by dots, one is enough, as the JSON-Schema-Test-Suite reads it; JsonSchema.Net wants a dot";
            case "email" when oursValid && TopLabel(value) is { } top && !(top.Length >= 2 && top.All(char.IsAsciiLetter)):
                return "JsonSchema.Net wants a last label of two or more letters; RFC 5321 sub-domain is Let-dig [Ldh-str] (a@b.c, a@b.9org)";
            case "email" when !oursValid && value.Any(c => c > 0x7E):
                return "JsonSchema.Net takes non-ASCII; RFC 5321 is ASCII (internationalized addresses are idn-email, RFC 6531)";
            case "email" when !oursValid && value.StartsWith('"') && value.Count(c => c == '"') > 2:
                return "JsonSchema.Net takes text after a quoted local part; RFC 5321 Local-part is a Dot-string or one Quoted-string";
            case "hostname" when oursValid && value.Split('.').Any(label => label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)):
                return "JsonSchema.Net refuses every xn-- A-label, even the test suite's valid xn--4gbwdl.xn--wgbh1c; RFC 5890 allows A-labels (their Punycode is decoded here)";
            case "uri" or "uri-reference":
                // Both directions: JsonSchema.Net 8.0.5 asks System.Uri, which is not an RFC 3986 parser. It refuses
                // http:, http:/, http:// and reg-names with sub-delims, and takes a bad %-escape, '[' or ']' in a
                // path, a second '#'. These two are held to the RFC by RfcFormatTests (cases after the test suite).
                return "JsonSchema.Net's uri and uri-reference are System.Uri.TryCreate, not RFC 3986 (RfcFormatTests holds the RFC's cases)";
            case "uuid" when !oursValid && (value.Contains('+') || value.Contains("0x", StringComparison.OrdinalIgnoreCase) || value.Trim() != value):
                return "JsonSchema.Net takes a sign, 0x or surrounding white space in a group (number parsing); RFC 4122's string form is hex digits only";
            default:
                return null;
        }
    }
}
