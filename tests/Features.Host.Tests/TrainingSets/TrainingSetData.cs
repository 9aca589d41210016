using Features.Host.TrainingSets;

namespace Features.Host.Tests.TrainingSets;

/// <summary>Small in-memory inputs for the training-set core.</summary>
internal static class TrainingSetData
{
    public static long Micros(int year, int month, int day, int hour = 0) =>
        (new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;

    public static long Micros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;

    public static readonly long Day = TimeSpan.FromDays(1).Ticks / 10;
    public static readonly long Hour = TimeSpan.FromHours(1).Ticks / 10;

    /// <summary>Daily stamps from <paramref name="first"/> on, one per calendar day.</summary>
    public static long[] Days(long first, int count) => [.. Enumerable.Range(0, count).Select(i => first + i * Day)];

    /// <summary>Bars with open = close − 0.5, high = close + 1, low = close − 1.</summary>
    public static LabelBars Bars(long[] stamps, double[] close, int firstRow, int rowCount) =>
        new(stamps, [.. close.Select(c => c - 0.5)], [.. close.Select(c => c + 1)], [.. close.Select(c => c - 1)], close, firstRow, rowCount);

    /// <summary>A deterministic random walk per symbol (seeded by the symbol), so a rebuild gives the same numbers.</summary>
    public static double[] Walk(string symbol, int count, int salt = 0)
    {
        var random = new Random(symbol.Aggregate(17, (h, c) => h * 31 + c) + salt);
        var values = new double[count];
        var price = 100.0;
        for (var i = 0; i < count; i++)
        {
            price *= 1 + (random.NextDouble() - 0.5) * 0.04;
            values[i] = price;
        }
        return values;
    }
}

/// <summary>
/// A universe of daily bars in memory: every symbol has <c>days</c> bars from 2024-01-01; its members are a copy of
/// the close (feature "px") and a 3-bar mean ("ma"), both daily; bars after the plan's end feed only the label.
/// </summary>
internal sealed class MemoryUniverse(int days) : ITrainingSetSource
{
    public readonly long First = TrainingSetData.Micros(2024, 1, 1);
    public readonly Dictionary<string, double[]> Closes = [];

    public TrainingSetPlan? Plan { get; set; }

    // The builder loads symbols side by side.
    public double[] CloseOf(string symbol)
    {
        lock (Closes) return Closes.TryGetValue(symbol, out var c) ? c : Closes[symbol] = TrainingSetData.Walk(symbol, days);
    }

    public Task<SymbolInputs> LoadAsync(string symbol, CancellationToken ct)
    {
        var plan = Plan ?? throw new InvalidOperationException("no plan");
        var stamps = TrainingSetData.Days(First, days);
        var close = CloseOf(symbol);
        var firstRow = Array.FindIndex(stamps, s => s >= plan.Start);
        var rowCount = stamps.Count(s => s >= plan.Start && s < plan.End);
        // Members are computed over the grid range only, as a stored dataset for [start, end) would be.
        var memberStamps = stamps[firstRow..(firstRow + rowCount)];
        var px = close[firstRow..(firstRow + rowCount)];
        var ma = new double[rowCount];
        for (var i = 0; i < rowCount; i++)
        {
            var j = firstRow + i;
            ma[i] = j >= 2 ? (close[j] + close[j - 1] + close[j - 2]) / 3 : double.NaN;
        }
        var member = new MemberSeries("1d", memberStamps, [px, ma]);
        return Task.FromResult(new SymbolInputs(TrainingSetData.Bars(stamps, close, firstRow, rowCount), [member]));
    }
}
