using System.Threading.Channels;

namespace Features.Host.MarketData;

/// <summary>
/// Reads an upload's batches on a thread of its own while the caller writes the ones before, so parsing and writing
/// overlap on two cores. Each batch is copied out of the source's buffers (a source reuses a batch once it returns the
/// next) into one of two blocks of the pipeline's own: the reader is at most one batch ahead of the writer, so memory
/// stays at two batches whatever the file's length. Whatever the source throws (a bad line, an upload over the
/// limit) comes out of <see cref="NextAsync"/> as it was thrown, after the batches before it.
/// </summary>
internal sealed class BatchPipeline : IAsyncDisposable
{
    private const int Blocks = 2;

    private readonly Channel<BarBlock> _ready = Channel.CreateUnbounded<BarBlock>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<BarBlock> _free = Channel.CreateUnbounded<BarBlock>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _reader;
    private BarBlock? _current;
    private int _allocated;

    private BatchPipeline(Func<CancellationToken, IEnumerable<BarBlock>> source, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A thread of its own: a source may block on the request body while a slow client sends it.
        _reader = Task.Factory.StartNew(() => Read(source(_stop.Token)), _stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Starts reading <paramref name="source"/> (given a token that is cancelled when the writer gives up).</summary>
    public static BatchPipeline Start(Func<CancellationToken, IEnumerable<BarBlock>> source, CancellationToken ct) => new(source, ct);

    /// <summary>The next batch, or null after the last; the one returned before goes back to the reader.</summary>
    public async ValueTask<BarBlock?> NextAsync(CancellationToken ct)
    {
        if (_current is { } done) _free.Writer.TryWrite(done);
        _current = null;
        while (await _ready.Reader.WaitToReadAsync(ct))
        {
            if (_ready.Reader.TryRead(out var batch)) return _current = batch;
        }
        await _reader; // the source's own exception, if it failed
        return null;
    }

    private void Read(IEnumerable<BarBlock> source)
    {
        try
        {
            foreach (var batch in source)
            {
                var block = Rent(batch.Count);
                block.Count = 0;
                block.AddRange(batch, 0, batch.Count);
                _ready.Writer.TryWrite(block);
            }
        }
        finally
        {
            _ready.Writer.TryComplete();
        }
    }

    private BarBlock Rent(int count)
    {
        BarBlock? block;
        if (_allocated < Blocks)
        {
            _allocated++;
            block = null;
        }
        else
        {
            // Blocks until the writer is done with the batch before last.
            block = _free.Reader.ReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult();
        }
        // Batches are full-sized but for the last: a small upload allocates only what it holds.
        return block is not null && block.Capacity >= count ? block : new BarBlock(count);
    }

    /// <summary>Stops the reader (if the writer gave up early) and waits for it, so no one reads the source afterwards.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch
        {
            // Already seen through NextAsync, or a cancellation the writer caused by giving up.
        }
        _stop.Dispose();
    }
}
