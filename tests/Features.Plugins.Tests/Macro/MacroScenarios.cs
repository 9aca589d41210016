using Features.PluginSdk;
using static Features.Plugins.Tests.Macro.MacroFixtures;

namespace Features.Plugins.Tests.Macro;

/// <summary>A plugin run: this symbol's bars, parameters, and the auxiliary series by role.</summary>
public sealed record MacroScenario(Bar[] Bars, Dictionary<string, object?> Parameters, IReadOnlyDictionary<string, Bar[]> Series, TimeSpan Lag)
{
    /// <summary>Fresh cursors over the series, each cut to the observations <paramref name="keep"/> accepts.</summary>
    public Func<IReadOnlyDictionary<string, IAuxiliarySeries>> Cursors(Func<Bar, bool>? keep = null) =>
        () => Series.ToDictionary(s => s.Key, s => (IAuxiliarySeries)new SeriesCursor(s.Key, "1d", [.. s.Value.Where(keep ?? (_ => true))]));

    /// <summary>The conformance kit's options for this run: these bars, parameters and series; every column must get values.</summary>
    public ConformanceOptions Options() => new()
    {
        Bars = Bars,
        Parameters = Parameters,
        AuxiliarySeries = Series.ToDictionary(s => s.Key, s => (IReadOnlyList<Bar>)s.Value),
        BatchSizes = [1, 7, 1000],
    };
}

/// <summary>Deterministic synthetic runs for every macro plugin: ~4 years of daily bars, monthly/weekly macro series, a gappy benchmark.</summary>
public static class MacroScenarios
{
    private static readonly DateTime Start = Date(2020, 1, 1);

    private static double[] Walk(int seed, int n, double start, double step)
    {
        var rng = new Random(seed);
        var values = new double[n];
        var v = start;
        for (var i = 0; i < n; i++) values[i] = v += step * (rng.NextDouble() - 0.5);
        return values;
    }

    public static Bar[] Daily { get; } = [.. Walk(1, 1500, 100, 2).Select((v, i) => Observation(Start.AddDays(i), v))];

    private static Bar[] MonthlyCpi { get; } = Monthly(Start.AddMonths(-6), Walk(2, 60, 250, 1));

    private static Bar[] WeeklyYield { get; } = [.. Walk(3, 230, 2, 0.1).Select((v, i) => Observation(Start.AddDays(7 * i + 3), v))];

    /// <summary>A benchmark missing every 37th bar, with an extra bar at noon every 11th day.</summary>
    private static Bar[] Benchmark { get; } =
    [
        .. Walk(4, 1500, 3000, 40)
            .Select((v, i) => (Bar: Observation(Start.AddDays(i), v), i))
            .Where(x => x.i % 37 != 5)
            .SelectMany(x => x.i % 11 == 0 ? new[] { x.Bar, x.Bar with { Timestamp = x.Bar.Timestamp + 43_200_000_000L } } : [x.Bar]),
    ];

    /// <summary>A benchmark with a bar on every day of <see cref="Daily"/>: a gap costs a benchmark plugin one more bar of warm-up than it declares.</summary>
    public static Bar[] GapFreeBenchmark { get; } = [.. Walk(5, 1500, 3000, 40).Select((v, i) => Observation(Start.AddDays(i), v))];

    public static MacroScenario For(string key, string lag = "15d")
    {
        var span = ParameterValues.ParseDuration(lag) ?? TimeSpan.Zero;
        return key switch
        {
            "macro.asof" => new(Daily, new() { ["series"] = "CPI", ["release_lag"] = lag }, new Dictionary<string, Bar[]> { ["series"] = MonthlyCpi }, span),
            "macro.change" => new(Daily, new() { ["series"] = "CPI", ["periods"] = 3L, ["method"] = "log", ["release_lag"] = lag },
                new Dictionary<string, Bar[]> { ["series"] = MonthlyCpi }, span),
            "macro.zscore" => new(Daily, new() { ["series"] = "CPI", ["window"] = 6L, ["release_lag"] = lag },
                new Dictionary<string, Bar[]> { ["series"] = MonthlyCpi }, span),
            "macro.spread" => new(Daily, new() { ["series"] = "DGS10", ["series2"] = "CPI", ["release_lag"] = lag },
                new Dictionary<string, Bar[]> { ["series"] = WeeklyYield, ["series2"] = MonthlyCpi }, span),
            "macro.beta" => new(Daily, new() { ["benchmark"] = "SPX", ["period"] = 20L, ["beta_type"] = "all" },
                new Dictionary<string, Bar[]> { ["benchmark"] = Benchmark }, TimeSpan.Zero),
            "macro.corr" => new(Daily, new() { ["benchmark"] = "SPX", ["period"] = 15L }, new Dictionary<string, Bar[]> { ["benchmark"] = Benchmark }, TimeSpan.Zero),
            "macro.prs" => new(Daily, new() { ["benchmark"] = "SPX", ["period"] = 10L }, new Dictionary<string, Bar[]> { ["benchmark"] = Benchmark }, TimeSpan.Zero),
            _ => throw new InvalidOperationException($"no scenario for {key}: add one to {nameof(MacroScenarios)}"),
        };
    }

    /// <summary>The as-of plugins, which take a release lag.</summary>
    public static readonly string[] AsOfKeys = ["macro.asof", "macro.change", "macro.zscore", "macro.spread"];
}
