using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Support;

internal static class TestSchemas
{
    /// <summary>{ id: integer (required), name: string } with no other properties.</summary>
    public static RecordSchema IdAndName { get; } = RecordSchema.Load(Encoding.UTF8.GetBytes("""
        {
          "type": "object",
          "required": ["id"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "integer", "minimum": 0 },
            "name": { "type": "string" }
          }
        }
        """), "id-and-name");
}
