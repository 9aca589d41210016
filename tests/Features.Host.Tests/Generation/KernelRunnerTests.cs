using System.Globalization;
using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Tests.Infrastructure;
using Features.PluginSdk;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Generation;

/// <summary>
/// The multi-kernel runner a batch job will use: several kernels fed from ONE read of a series' bars, each kernel
/// only from its own warm-up start and in the batches its single generate sees, so each file is that generate's file.
/// </summary>
public sealed class KernelRunnerTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private const long HourMicros = 3_600_000_000;

    /// <summary>A deterministic random walk of hourly bars from 2000-01-01.</summary>
    private static Bar[] Hourly(int count)
    {
        var random = new Random(7);
        var bars = new Bar[count];
        var close = 100.0;
        var t0 = (new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;
        for (var i = 0; i < count; i++)
        {
            var open = close;
            close = open * Math.Exp(0.01 * (random.NextDouble() - 0.5));
            var high = Math.Max(open, close) * (1 + 0.003 * random.NextDouble());
            var low = Math.Min(open, close) * (1 - 0.003 * random.NextDouble());
            bars[i] = new Bar(t0 + i * HourMicros, open, high, low, close, 1000 + Math.Round(500 * random.NextDouble()));
        }
        return bars;
    }

    private static string Iso(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Theory, MemberData(nameof(Backends))]
    public async Task Three_kernels_over_one_bar_read_write_byte_for_byte_the_parquet_of_their_single_generates(string backend)
    {
        var app = TestHosts.Get(backend);
        var client = app.CreateClient();
        var symbol = ApiClient.NewSymbol();
        // 140,000 bars: the pass reads three blocks, so kernels starting later than the pass are re-batched across block edges.
        var bars = Hourly(140_000);
        await client.IngestAsync(symbol, "1h", Csv.From(bars));
        var (start, end) = (Iso(bars[1_000].Timestamp), Iso(bars[^1].Timestamp + HourMicros));
        // Warm-ups 49, 14 and 300 bars; zigzag answers rows late (look-ahead).
        (string Key, object? Parameters)[] kernels = [("technical.sma", new { period = 50 }), ("technical.rsi", new { period = 14 }), ("technical.zigzag", null)];

        var ids = new List<Guid>();
        var singles = new List<(string Hash, byte[] Parquet)>();
        foreach (var (key, parameters) in kernels)
        {
            var id = (await client.CreateFeatureAsync(key, parameters))["id"]!.GetValue<string>();
            var generated = await client.GenerateAsync(id, symbol, start, end, timeframe: "1h");
            var hash = generated["version_hash"]!.GetValue<string>();
            ids.Add(Guid.Parse(id));
            singles.Add((hash, await client.DownloadAsync(id, hash, "parquet")));
        }

        var services = app.Services;
        var request = new GenerationRequest(symbol, "1h", DateTime.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            DateTime.Parse(end, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        await using var snapshot = await services.GetRequiredService<BarStore>().OpenSnapshotAsync(CancellationToken.None);
        var planned = new List<PlannedDataset>();
        foreach (var id in ids)
        {
            var (feature, _) = await services.GetRequiredService<DatasetCache>().ResolveAsync(id, request, regenerate: true, CancellationToken.None);
            var plan = await services.GetRequiredService<GenerationPlanner>().PlanAsync(snapshot, feature.Plan, CancellationToken.None);
            planned.Add(new PlannedDataset(feature.Definition, feature.Plan, plan, Regenerate: true));
        }
        planned.Select(p => p.Plan.ReadFrom).Distinct().Count().ShouldBe(3, "the three kernels start reading at different bars");
        var runs = planned.Select(p => p.ToRun(Path.Combine(Path.GetTempPath(), $"runner-{Guid.NewGuid():N}.parquet"), TimeSpan.FromMinutes(5), md5: false)).ToList();
        try
        {
            var inputs = planned[0].Plan.Inputs;
            var pass = await services.GetRequiredService<KernelRunner>().RunAsync(new KernelPass(snapshot, inputs.Series, inputs.End, runs), CancellationToken.None);

            pass.BarsRead.ShouldBe(140_000 - (1_000 - 300), "one read, from the earliest warm-up start (zigzag's 300 bars) to the end");
            for (var i = 0; i < kernels.Length; i++)
            {
                planned[i].VersionHash.ShouldBe(singles[i].Hash, kernels[i].Key);
                pass.Runs[i].Dataset.Rows.ShouldBe(140_000 - 1_000, kernels[i].Key);
                var bytes = await File.ReadAllBytesAsync(pass.Runs[i].Dataset.Path);
                bytes.Length.ShouldBe(singles[i].Parquet.Length, kernels[i].Key);
                bytes.SequenceEqual(singles[i].Parquet).ShouldBeTrue($"{kernels[i].Key}: the pass's file differs from its single generate's");
            }
        }
        finally
        {
            foreach (var run in runs) File.Delete(run.Output.Path);
        }
    }
}
