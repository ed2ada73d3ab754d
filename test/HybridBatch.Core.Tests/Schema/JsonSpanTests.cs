using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// <see cref="JsonSpan"/> finds token ends without parsing; here it must list exactly the members and items that
/// <see cref="Utf8JsonReader"/> reads from the same seeded random values (names unescaped the same way).
/// </summary>
public class JsonSpanTests
{
    private const int Seed = 20261205;

    [Fact]
    public void MembersMatchTheReaderOnRandomObjects()
    {
        var random = new Random(Seed);
        var gen = new FastPathJsonGen(random);
        var members = new List<JsonMember>();
        for (int n = 0; n < 20_000; n++)
        {
            byte[] json = Encoding.UTF8.GetBytes(gen.Object(0));
            JsonSpan.Members(json, members);
            List<(Range Name, string Text, Range Value)> expected = ReaderMembers(json);
            Assert.True(expected.Count == members.Count, $"seed {Seed}, case {n}: {members.Count} members, reader {expected.Count}: {Encoding.UTF8.GetString(json)}");
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.True(
                    expected[i].Name.Equals(members[i].NameToken) && expected[i].Value.Equals(members[i].Value)
                        && expected[i].Text == Convert.ToHexString(members[i].Utf8Name(json)),
                    $"seed {Seed}, case {n}, member {i}: {Encoding.UTF8.GetString(json)}");
            }
        }
    }

    [Fact]
    public void ItemsMatchTheReaderOnRandomArrays()
    {
        var random = new Random(Seed + 1);
        var gen = new FastPathJsonGen(random);
        var items = new List<Range>();
        for (int n = 0; n < 20_000; n++)
        {
            byte[] json = Encoding.UTF8.GetBytes(gen.Array(0));
            JsonSpan.Items(json, items);
            Assert.True(ReaderItems(json).SequenceEqual(items), $"seed {Seed + 1}, case {n}: {Encoding.UTF8.GetString(json)}");
        }
    }

    /// <summary>The reference: what the reader-based lister this replaced returned (a name as hex of its unescaped bytes).</summary>
    private static List<(Range Name, string Text, Range Value)> ReaderMembers(byte[] json)
    {
        var members = new List<(Range, string, Range)>();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int nameStart = (int)reader.TokenStartIndex;
            byte[] name = reader.ValueSpan.ToArray();
            if (reader.ValueIsEscaped)
            {
                byte[] buffer = new byte[name.Length];
                int length = JsonSyntax.Unescape(name, buffer);
                name = length < 0 ? name : buffer[..length];
            }

            int nameEnd = nameStart + reader.ValueSpan.Length + 2;
            reader.Read();
            int valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            members.Add((new Range(nameStart, nameEnd), Convert.ToHexString(name), new Range(valueStart, (int)reader.BytesConsumed)));
        }

        return members;
    }

    private static List<Range> ReaderItems(byte[] json)
    {
        var items = new List<Range>();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            items.Add(new Range(start, (int)reader.BytesConsumed));
        }

        return items;
    }
}
