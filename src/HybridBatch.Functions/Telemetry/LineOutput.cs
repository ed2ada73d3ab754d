namespace HybridBatch.Functions.Telemetry;

/// <summary>
/// Where log and metric lines go (stdout, which Lambda sends to CloudWatch Logs): one whole line per write, never
/// interleaved with another thread's, flushed at once so nothing is lost when Lambda freezes the process.
/// </summary>
internal sealed class LineOutput
{
    private readonly Stream _stream;
    private readonly Lock _gate = new();

    public LineOutput(Stream stream)
    {
        _stream = stream;
    }

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        lock (_gate)
        {
            _stream.Write(utf8Json);
            _stream.WriteByte((byte)'\n');
            _stream.Flush();
        }
    }
}
