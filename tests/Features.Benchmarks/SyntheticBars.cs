using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Benchmarks;

/// <summary>
/// A deterministic geometric random walk of one-minute OHLCV bars (fixed seed, so every run and every
/// kernel sees the same series), cut into record batches the size the host feeds kernels.
/// </summary>
public sealed class SyntheticBars
{
    public const int BatchRows = 65_536;

    private SyntheticBars(double[] close, RecordBatch[] batches)
    {
        Close = close;
        Batches = batches;
    }

    public int Count => Close.Length;
    public double[] Close { get; }
    public RecordBatch[] Batches { get; }

    public static SyntheticBars Create(int count, int seed = 20240607)
    {
        var random = new Random(seed);
        var ts = new long[count];
        var open = new double[count];
        var high = new double[count];
        var low = new double[count];
        var close = new double[count];
        var volume = new double[count];
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        var price = 100.0;
        for (var i = 0; i < count; i++)
        {
            var previous = price;
            price *= Math.Exp(0.001 * Gaussian(random));
            var body = Math.Max(previous, price);
            var floor = Math.Min(previous, price);
            ts[i] = start + i * 60_000_000L;
            open[i] = previous;
            close[i] = price;
            high[i] = body * (1 + 0.0005 * random.NextDouble());
            low[i] = floor * (1 - 0.0005 * random.NextDouble());
            volume[i] = Math.Round(1_000 + 9_000 * random.NextDouble());
        }
        var batches = new List<RecordBatch>();
        for (var offset = 0; offset < count; offset += BatchRows)
        {
            var n = Math.Min(BatchRows, count - offset);
            batches.Add(BarSchema.Create(ts[offset..(offset + n)], open[offset..(offset + n)], high[offset..(offset + n)],
                low[offset..(offset + n)], close[offset..(offset + n)], volume[offset..(offset + n)]));
        }
        return new SyntheticBars(close, [.. batches]);
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller: enough for a price path, and reproducible across runtimes.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
