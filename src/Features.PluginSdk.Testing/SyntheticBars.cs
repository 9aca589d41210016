namespace Features.PluginSdk.Testing;

/// <summary>
/// Deterministic bar series for tests, so a plugin's tests need no data files. The same arguments give the
/// same bars on every machine and runtime (a SplitMix64 generator, not <see cref="Random"/>).
/// </summary>
public static class SyntheticBars
{
    /// <summary>The first bar's time when none is given: 2020-01-01T00:00:00Z.</summary>
    public static readonly DateTime DefaultStart = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A random walk of <paramref name="count"/> valid OHLCV bars (low ≤ open, close ≤ high; positive prices
    /// around 100; volumes around a million), one every <paramref name="interval"/> (a day by default) from
    /// <paramref name="start"/>. Daily moves are about 1%, with occasional gaps and trending stretches.
    /// </summary>
    public static Bar[] RandomWalk(int count, int seed = 1, DateTime? start = null, TimeSpan? interval = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new SplitMix64((ulong)seed);
        var step = (interval ?? TimeSpan.FromDays(1)).Ticks / 10;
        var first = Micros(start ?? DefaultStart);
        var bars = new Bar[count];
        var close = 100.0;
        for (var i = 0; i < count; i++)
        {
            var drift = Math.Sin(i / 40.0) * 0.002; // slow trends, so trend and crossing indicators have something to find
            var gap = random.Next() < 0.03 ? (random.Next() - 0.5) * 0.06 : 0;
            var open = close * (1 + gap + (random.Next() - 0.5) * 0.004);
            close = open * Math.Exp(drift + (random.Next() + random.Next() + random.Next() - 1.5) * 0.012);
            var high = Math.Max(open, close) * (1 + random.Next() * 0.008);
            var low = Math.Min(open, close) * (1 - random.Next() * 0.008);
            var volume = Math.Round(1_000_000 * (0.4 + random.Next() + (gap != 0 ? 1.5 : 0)));
            bars[i] = new Bar(first + i * step, open, high, low, close, volume);
        }
        return bars;
    }

    /// <summary>The same timestamps with every price and volume zero.</summary>
    public static Bar[] Zeros(IReadOnlyList<Bar> like) => [.. like.Select(b => new Bar(b.Timestamp, 0, 0, 0, 0, 0))];

    /// <summary>
    /// A copy with missing values: every 11th bar's close, every 17th bar's volume, every 23rd bar's high and
    /// low, and a run of five bars wholly NaN in the middle.
    /// </summary>
    public static Bar[] WithNaNs(IReadOnlyList<Bar> bars)
    {
        var result = bars.ToArray();
        var runStart = result.Length / 2;
        for (var i = 0; i < result.Length; i++)
        {
            var b = result[i];
            if (i % 11 == 5) b = b with { Close = double.NaN };
            if (i % 17 == 8) b = b with { Volume = double.NaN };
            if (i % 23 == 13) b = b with { High = double.NaN, Low = double.NaN };
            if (i >= runStart && i < runStart + 5) b = new Bar(b.Timestamp, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            result[i] = b;
        }
        return result;
    }

    /// <summary>Unix microseconds (UTC) of a time, the unit of <see cref="Bar.Timestamp"/>.</summary>
    public static long Micros(DateTime utc) => (DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;

    /// <summary>The time of a <see cref="Bar.Timestamp"/>.</summary>
    public static DateTime Time(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    // Steele, Lea and Flood's SplitMix64: tiny, fast, and fixed forever (unlike System.Random's algorithm).
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        /// <summary>A uniform double in [0, 1).</summary>
        public double Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
