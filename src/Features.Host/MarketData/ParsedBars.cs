using Features.PluginSdk;

namespace Features.Host.MarketData;

/// <summary>Bars read from an upload, sorted by timestamp, with the line each came from.</summary>
public sealed class ParsedBars(Bar[] bars, IReadOnlyList<string> notes)
{
    public Bar[] Bars { get; } = bars;
    /// <summary>Assumptions made while reading (e.g. "timestamps without a zone were read as UTC").</summary>
    public IReadOnlyList<string> Notes { get; } = notes;

    /// <summary>Checks each bar and refuses duplicates; <paramref name="lines"/> maps bar index to source line.</summary>
    public static ParsedBars Validate(List<Bar> bars, List<int> lines, List<string> notes)
    {
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var line = lines[i];
            if (b.High < b.Low) throw new BarFileException(line, "high", $"high {b.High} is below low {b.Low}");
            if (b.Open > b.High || b.Open < b.Low) throw new BarFileException(line, "open", $"open {b.Open} is outside [low {b.Low}, high {b.High}]");
            if (b.Close > b.High || b.Close < b.Low) throw new BarFileException(line, "close", $"close {b.Close} is outside [low {b.Low}, high {b.High}]");
            if (b.Volume < 0) throw new BarFileException(line, "volume", $"volume {b.Volume} is negative");
        }
        var order = Enumerable.Range(0, bars.Count).ToArray();
        Array.Sort(order, (x, y) => bars[x].Timestamp.CompareTo(bars[y].Timestamp));
        var sorted = new Bar[bars.Count];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = bars[order[i]];
            if (i > 0 && sorted[i].Timestamp == sorted[i - 1].Timestamp)
            {
                var a = Math.Min(lines[order[i - 1]], lines[order[i]]);
                var b = Math.Max(lines[order[i - 1]], lines[order[i]]);
                throw new BarFileException(b, "timestamp", $"duplicate timestamp {Format(sorted[i].Timestamp)} (also on line {a})");
            }
        }
        return new ParsedBars(sorted, notes);
    }

    public static DateTime? ToDateTime(long? micros) => micros is { } m ? DateTime.UnixEpoch.AddTicks(m * 10) : null;

    public static string Format(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ");
}
