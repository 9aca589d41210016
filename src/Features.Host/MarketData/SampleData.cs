using Features.Host.Fundamentals;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.PluginSdk;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.MarketData;

/// <summary>
/// A deterministic sample so a new user can generate at once: <c>DEMO</c> and its benchmark <c>MKT</c>
/// (daily 2019-2024 and hourly for the last quarter of 2024, correlated geometric random walks) and a
/// monthly <c>CPI</c> macro series, news for DEMO (<see cref="News.NewsSample"/>) and quarterly filing facts for
/// <c>DEMO</c> (<see cref="SampleFundamentals"/>). Same seed, same bars, on every machine.
/// </summary>
public sealed class SampleData(BarStore store, News.NewsSample news, FundamentalStore fundamentals,
    IDbContextFactory<FeaturesDbContext> contexts, ILogger<SampleData> logger)
{
    public async Task SeedAsync(bool force, CancellationToken ct)
    {
        if (!force && (await store.ListAsync(ct)).Count > 0) return;
        var daily = BusinessDays(new DateTime(2019, 1, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var hourly = Hours(new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var (demoDaily, mktDaily) = Walk(daily, seed: 20190102, drift: 0.0003, vol: 0.015, start: 100, benchmarkStart: 3000);
        var (demoHourly, mktHourly) = Walk(hourly, seed: 20241001, drift: 0.00002, vol: 0.004, start: 150, benchmarkStart: 5000);
        await store.IngestAsync("DEMO", "1d", demoDaily, ct);
        await store.IngestAsync("MKT", "1d", mktDaily, ct);
        await store.IngestAsync("DEMO", "1h", demoHourly, ct);
        await store.IngestAsync("MKT", "1h", mktHourly, ct);
        await store.IngestAsync("CPI", "1mo", Cpi(), ct);
        await news.SeedAsync(ct);
        await fundamentals.IngestAsync(SampleFundamentals.Demo(), ct);
        await SeedAlpha158SetAsync(ct);
        logger.LogInformation("Seeded sample data: DEMO and MKT (1d: {Daily} bars, 1h: {Hourly} bars), CPI (1mo)", daily.Count, hourly.Count);
    }

    /// <summary>
    /// The feature set <c>alpha158</c> (one definition of <c>automated.alpha158</c> at its defaults, Qlib's 158 columns),
    /// so a new user can build Qlib's Alpha158 + LABEL0 training set in two requests (docs/ALPHA158.md).
    /// </summary>
    internal async Task SeedAlpha158SetAsync(CancellationToken ct)
    {
        const string Name = "alpha158";
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.FeatureSets.AnyAsync(s => s.Name == Name, ct)) return;
        var now = StorageClock.UtcNow;
        var definition = new FeatureDefinition
        {
            Id = Guid.NewGuid(),
            Name = Name,
            PluginKey = "automated.alpha158",
            Type = "automated",
            ParametersJson = "{}",
            Description = "Qlib's Alpha158 factors (158 columns), seeded by the sample",
            StoragePrefix = "automated.alpha158/",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Features.Add(definition);
        db.FeatureSets.Add(new FeatureSet
        {
            Id = Guid.NewGuid(),
            Name = Name,
            Description = "Qlib's Alpha158: POST /api/v1/training-sets with this set, label forward_return (horizon 1, offset 1) and processors qlib_default",
            FeatureIdsJson = System.Text.Json.JsonSerializer.Serialize(new[] { definition.Id }),
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private static List<DateTime> BusinessDays(DateTime from, DateTime to)
    {
        var days = new List<DateTime>();
        for (var d = from; d < to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d);
        }
        return days;
    }

    private static List<DateTime> Hours(DateTime from, DateTime to)
    {
        var hours = new List<DateTime>();
        for (var h = from; h < to; h = h.AddHours(1))
        {
            if (h.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && h.Hour is >= 14 and < 21) hours.Add(h);
        }
        return hours;
    }

    /// <summary>A daily series of the sample's kind (its DEMO parameters) at the given times; the start-up warm-up's bars.</summary>
    internal static Bar[] DailyWalk(List<DateTime> times, int seed) => Walk(times, seed, drift: 0.0003, vol: 0.015, start: 100, benchmarkStart: 3000).Symbol;

    private static (Bar[] Symbol, Bar[] Benchmark) Walk(List<DateTime> times, int seed, double drift, double vol, double start, double benchmarkStart)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var symbol = new Bar[times.Count];
        var benchmark = new Bar[times.Count];
        double price = start, market = benchmarkStart;
        for (var i = 0; i < times.Count; i++)
        {
            var common = Normal();
            var own = Normal();
            var ts = (times[i].Ticks - DateTime.UnixEpoch.Ticks) / 10;
            symbol[i] = Step(ts, ref price, drift + vol * (0.7 * common + 0.71 * own), vol, random);
            benchmark[i] = Step(ts, ref market, drift * 0.8 + vol * 0.7 * common, vol * 0.7, random);
        }
        return (symbol, benchmark);
    }

    private static Bar Step(long ts, ref double price, double logReturn, double vol, Random random)
    {
        var open = price;
        var close = Math.Round(open * Math.Exp(logReturn), 2);
        var high = Math.Round(Math.Max(open, close) * (1 + Math.Abs(vol * 0.5 * random.NextDouble())), 2);
        var low = Math.Round(Math.Min(open, close) * (1 - Math.Abs(vol * 0.5 * random.NextDouble())), 2);
        var volume = Math.Round(1_000_000 * (0.5 + random.NextDouble()));
        price = close;
        return new Bar(ts, Math.Round(open, 2), Math.Max(high, Math.Max(open, close)), Math.Min(low, Math.Min(open, close)), close, volume);
    }

    private static Bar[] Cpi()
    {
        var bars = new List<Bar>();
        var value = 251.7;
        var random = new Random(1913);
        for (var month = new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc); month < new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc); month = month.AddMonths(1))
        {
            value = Math.Round(value * (1 + 0.002 + 0.002 * (random.NextDouble() - 0.3)), 3);
            var ts = (month.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            bars.Add(new Bar(ts, value, value, value, value, 0));
        }
        return [.. bars];
    }
}
