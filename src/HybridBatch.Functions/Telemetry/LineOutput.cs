namespace HybridBatch.Functions.Telemetry;

/// <summary>
/// Where log and metric lines go (stdout, which Lambda sends to CloudWatch Logs): one whole line per write, never
/// interleaved with another thread's, flushed at once so nothing is lost when Lambda freezes the process.
/// </summary>
public sealed class LineOutput
{
    private readonly Stream? _stream;
    private readonly TextWriter? _writer;
    private readonly Lock _gate = new();

    public LineOutput(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Lines to a text writer (<c>hybridbatch invoke</c> logs to standard error).</summary>
    public LineOutput(TextWriter writer)
    {
        _writer = writer;
    }

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        lock (_gate)
        {
            if (_writer is not null)
            {
                _writer.WriteLine(System.Text.Encoding.UTF8.GetString(utf8Json));
                _writer.Flush();
                return;
            }

            _stream!.Write(utf8Json);
            _stream.WriteByte((byte)'\n');
            _stream.Flush();
        }
    }
}
