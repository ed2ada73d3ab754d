using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// <see cref="BranchDiscriminator.FirstMemberBranch"/> compares a compact first member with each branch's quoted tag in
/// place; it must choose what reading the tag and asking <see cref="BranchDiscriminator.OnlyCandidate"/> chooses. Seeded
/// tag sets (prefixes of one another, duplicates, an untagged branch, quotes, non-ASCII) against seeded first members
/// (compact, spaced, escaped, cut short, another name first); tags of up to seven bytes are compared as 8-byte words,
/// longer ones (and records too short to read a word from) as spans.
/// </summary>
public class TaggedBranchChoiceTests
{
    private static readonly string[] _tags = ["card", "cards", "car", "c", "", "iban", "wallet", "wal\"let", "é", "x\\y", "CARD", "direct-debit", "wallet-"];

    private static readonly string[] _values =
        ["card", "cards", "car", "c", "", "iban", "wallet", "wal\\\"let", "\\u0063ard", "é", "x\\\\y", "CARD", "cardx", "ca", "walletwallet", "direct-debit", "direct-debi", "wallet-", "wallet-x"];

    [Theory]
    [InlineData(20261206)]
    [InlineData(13)]
    public void Choice_in_place_agrees_with_reading_the_tag(int seed)
    {
        Console.WriteLine($"tagged branch choice: seed {seed}");
        var random = new Random(seed);
        int pairs = 0;
        int chosen = 0;
        int schemasInPlace = 0;
        for (int s = 0; s < 400; s++)
        {
            string[] tags = Enumerable.Range(0, random.Next(2, 5)).Select(_ => _tags[random.Next(_tags.Length)]).ToArray();
            bool untagged = random.Next(6) == 0;
            string branches = string.Join(",", tags.Select((tag, i) => untagged && i == 0
                ? """{"properties":{"other":{"const":"z"}}}"""
                : """{"properties":{"kind":{"const":""" + JsonString(tag) + "}}}"));
            RecordSchema schema = RecordSchema.Load(Encoding.UTF8.GetBytes($$"""{"oneOf":[{{branches}}]}"""), "tags");
            if (schema.Root.Compound?.OneOfDiscriminator is not { } discriminator)
            {
                continue;
            }

            schemasInPlace += tags.Distinct().Count() == tags.Length && !untagged && !tags.Any(t => t.Contains('"') || t.Contains('\\')) ? 1 : 0;
            for (int r = 0; r < 50; r++)
            {
                byte[] json = Encoding.UTF8.GetBytes(FirstMember(random, tags));
                int expected = discriminator.TryReadFirstMemberTag(json, out Range tag) ? discriminator.OnlyCandidate(json.AsSpan()[tag]) : -1;
                int actual = discriminator.FirstMemberBranch(json);
                pairs++;
                chosen += expected >= 0 ? 1 : 0;
                Assert.True(expected == actual, $"seed {seed}: tags [{string.Join(", ", tags)}] untagged {untagged}, object {Encoding.UTF8.GetString(json)}: read {expected}, in place {actual}");
            }
        }

        Console.WriteLine($"seed {seed}: {pairs} pairs, {chosen} with a branch chosen, {schemasInPlace} schemas compared in place");
        Assert.InRange(chosen, pairs / 10, pairs - (pairs / 10));
        Assert.True(schemasInPlace >= 100, $"seed {seed}: only {schemasInPlace} tag sets took the in-place comparison");
    }

    /// <summary>An object's start whose tag is, half the time, one of the schema's own (written raw, so escapes stay escapes).</summary>
    private static string FirstMember(Random random, string[] tags)
    {
        string value = random.Next(2) == 0 ? JsonString(tags[random.Next(tags.Length)])[1..^1] : _values[random.Next(_values.Length)];
        string member = random.Next(8) switch
        {
            0 => $"\"kind\" : \"{value}\"",
            1 => $"\"other\":\"{value}\"",
            2 => $"\"ki\\u006ed\":\"{value}\"",
            3 => $"\"kind\":{value}",
            _ => $"\"kind\":\"{value}\"",
        };
        string text = (random.Next(6) == 0 ? "{ " : "{") + member + (random.Next(2) == 0 ? ",\"last4\":\"1234\"}" : "}");
        return random.Next(8) == 0 ? text[..random.Next(text.Length + 1)] : text;
    }

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
