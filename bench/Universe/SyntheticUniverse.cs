using System.Globalization;
using System.Text;
using Features.PluginSdk;
using Features.PluginSdk.Testing;

namespace Features.Universe;

/// <summary>
/// The synthetic universe of the jobs benchmark (issue 14): <see cref="SymbolCount"/> symbols named S000, S001, ...,
/// each a geometric random walk of daily bars on every weekday of [<see cref="From"/>, <see cref="To"/>).
/// Symbol i is the SDK's deterministic walk (<see cref="SyntheticBars.RandomWalk"/>, SplitMix64, seed
/// <see cref="Seed"/> + i) laid on the weekdays and scaled to its own price level, prices rounded to 4 decimals
/// and volumes to whole shares (rounding is monotonic, so low ≤ open, close ≤ high still holds). The same
/// arguments give the same CSV text, so the same fingerprints and version hashes, on every machine.
/// </summary>
public sealed record SyntheticUniverse(int SymbolCount = 800, DateOnly? FromDate = null, DateOnly? ToDate = null, int Seed = 20070101)
{
    public DateOnly From => FromDate ?? new DateOnly(2007, 1, 1);

    public DateOnly To => ToDate ?? new DateOnly(2021, 1, 1);

    /// <summary>S000 .. S999 (wider names past a thousand): the prefix "S0" selects the first hundred of 800.</summary>
    public string SymbolName(int index) => "S" + index.ToString(SymbolCount <= 1000 ? "D3" : "D4", CultureInfo.InvariantCulture);

    public IReadOnlyList<DateOnly> TradingDays()
    {
        var days = new List<DateOnly>();
        for (var d = From; d < To; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d);
        }
        return days;
    }

    /// <summary>The bars of symbol <paramref name="index"/>, one per trading day.</summary>
    public Bar[] Bars(int index, IReadOnlyList<DateOnly> days)
    {
        var walk = SyntheticBars.RandomWalk(days.Count, Seed + index);
        // A price level between 5 and 500 by the golden-ratio sequence, so symbols do not all trade near 100.
        var scale = Math.Pow(10, 2 * ((index * 0.6180339887498949) % 1.0) - 1.3);
        var bars = new Bar[walk.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            var b = walk[i];
            bars[i] = new Bar(SyntheticBars.Micros(days[i].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
                Price(b.Open * scale), Price(b.High * scale), Price(b.Low * scale), Price(b.Close * scale), Math.Round(b.Volume));
        }
        return bars;
    }

    /// <summary>The symbol's bars as the CSV the ingest endpoint takes (date,open,high,low,close,volume), UTF-8.</summary>
    public byte[] Csv(int index, IReadOnlyList<DateOnly> days)
    {
        var text = new StringBuilder(days.Count * 56);
        text.Append("date,open,high,low,close,volume\n");
        foreach (var b in Bars(index, days))
        {
            // Shortest round-trip text: the host parses back exactly these doubles.
            text.Append(SyntheticBars.Time(b.Timestamp).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Open.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(b.High.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Low.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Close.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Volume.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static double Price(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
