using Features.Plugins.Tests.Harness;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Macro;

/// <summary>Small hand-built series: daily bars and monthly macro observations, stamped in UTC.</summary>
public static class MacroFixtures
{
    public static long Micros(DateTime utc) => (DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;

    public static DateTime Date(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A scalar observation: open = high = low = close = value.</summary>
    public static Bar Observation(DateTime at, double value) => new(Micros(at), value, value, value, value, 0);

    /// <summary>One bar per calendar day from <paramref name="from"/>, at <paramref name="timeOfDay"/>.</summary>
    public static Bar[] DailyBars(DateTime from, int days, TimeSpan timeOfDay = default) =>
        [.. Enumerable.Range(0, days).Select(i => Observation(from.AddDays(i) + timeOfDay, 100 + i))];

    /// <summary>Observations stamped on the 1st of consecutive months from <paramref name="from"/>.</summary>
    public static Bar[] Monthly(DateTime from, params double[] values) =>
        [.. values.Select((v, i) => Observation(from.AddMonths(i), v))];

    /// <summary>Fresh cursors for every run, one per role.</summary>
    public static Func<IReadOnlyDictionary<string, IAuxiliarySeries>> Cursors(params (string Role, Bar[] Bars)[] series) =>
        () => series.ToDictionary(s => s.Role, s => (IAuxiliarySeries)new SeriesCursor(s.Role.ToUpperInvariant(), "1mo", s.Bars));

    /// <summary>Jan 1 .. Apr 30 2024, daily at midnight UTC.</summary>
    public static readonly Bar[] Days2024 = DailyBars(Date(2024, 1, 1), 121);

    /// <summary>Monthly CPI stamped Jan 1 .. Apr 1 2024: 100, 101, 102.5, 102.</summary>
    public static readonly Bar[] Cpi = Monthly(Date(2024, 1, 1), 100, 101, 102.5, 102);

    /// <summary>Row of <see cref="Days2024"/> for a date.</summary>
    public static int Row(int month, int day) => (Date(2024, month, day) - Date(2024, 1, 1)).Days;

    public static OutputTable Run(string key, Bar[] bars, Dictionary<string, object?> parameters,
        Func<IReadOnlyDictionary<string, IAuxiliarySeries>> cursors, int batchSize = int.MaxValue) =>
        KernelRunner.Run(key, bars, batchSize, parameters, cursors);

    public static double? At(this OutputTable table, string column, int month, int day) => (double?)table[column][Row(month, day)];

    public static void ShouldBeNear(this double? actual, double expected, string? because = null)
    {
        actual.ShouldNotBeNull(because);
        actual.Value.ShouldBe(expected, 1e-12 * Math.Max(1, Math.Abs(expected)), because);
    }
}
