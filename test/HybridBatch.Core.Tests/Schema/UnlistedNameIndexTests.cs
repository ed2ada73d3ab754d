using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// Duplicates among property names a schema does not list are found through a hash index in
/// <see cref="ValidationScratch"/>, truncated in stack order as nested objects end. Seeded random frames of adds,
/// lookups and truncations are compared with a plain list; and one record of 200,000 unlisted names is judged (a
/// linear scan made it 2·10¹⁰ compares), with a duplicate at its very end still caught.
/// </summary>
public class UnlistedNameIndexTests
{
    [Fact]
    public void Lookups_agree_with_a_plain_list_through_nested_frames()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var scratch = new ValidationScratch();
        var plain = new List<string>();
        var frames = new Stack<int>();
        for (int step = 0; step < 200_000; step++)
        {
            int action = random.Next(100);
            if (action < 5)
            {
                frames.Push(plain.Count);
            }
            else if (action < 10 && frames.Count > 0)
            {
                int mark = frames.Pop();
                scratch.Truncate(mark);
                plain.RemoveRange(mark, plain.Count - mark);
            }
            else if (action < 11)
            {
                scratch.Reset();
                plain.Clear();
                frames.Clear();
            }
            else
            {
                int from = frames.Count == 0 ? 0 : frames.Peek();
                string name = "n" + random.Next(400).ToString(System.Globalization.CultureInfo.InvariantCulture);
                bool expected = plain.Skip(from).Contains(name);
                Assert.True(scratch.Contains(from, Encoding.UTF8.GetBytes(name)) == expected, $"seed {seed}, step {step}: '{name}' from {from}");
                if (!expected)
                {
                    scratch.Add(Encoding.UTF8.GetBytes(name));
                    plain.Add(name);
                }
            }

            Assert.Equal(plain.Count, scratch.Count);
        }
    }

    [Fact]
    public void An_object_of_200000_unlisted_names_is_judged_and_a_duplicate_at_its_end_is_caught()
    {
        RecordSchema schema = RecordSchema.Load("""{ "type": "object" }"""u8.ToArray(), "any-object");
        var record = new StringBuilder("{");
        for (int i = 0; i < 200_000; i++)
        {
            record.Append(i == 0 ? "" : ",").Append("\"k").Append(i).Append("\":1");
        }

        Assert.Null(schema.ValidateJson(Encoding.UTF8.GetBytes(record + "}")));
        ValidationError? duplicate = schema.ValidateJson(Encoding.UTF8.GetBytes(record + ",\"k7\":2}"));
        Assert.NotNull(duplicate);
        Assert.Contains("duplicate property 'k7'", duplicate.Reason, StringComparison.Ordinal);
    }
}
