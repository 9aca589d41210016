using System.Buffers;
using System.IO.Pipelines;

namespace Features.Host.Api.MarketData.Ingest;

/// <summary>
/// The request body as a read-only stream with blocking reads, for a parser on a thread of its own (Sep reads a
/// <see cref="TextReader"/> synchronously). Each read waits on the body's pipe with <paramref name="ct"/>, so a
/// writer that gives up stops the parser even while a slow client is still sending; more than
/// <paramref name="limit"/> bytes throws <paramref name="tooLarge"/> (the server's own cap may be off, as in tests).
/// </summary>
internal sealed class BlockingBodyStream(PipeReader body, long limit, Func<Exception> tooLarge, CancellationToken ct) : Stream
{
    private long _total;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        while (true)
        {
            var pending = body.ReadAsync(ct);
            var read = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            var available = read.Buffer;
            var n = (int)Math.Min(available.Length, destination.Length);
            available.Slice(0, n).CopyTo(destination);
            body.AdvanceTo(available.GetPosition(n));
            _total += n;
            if (_total > limit) throw tooLarge();
            if (n > 0 || read.IsCompleted) return n;
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
