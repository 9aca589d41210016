using Features.Host.MarketData;
using Features.Host.Tests.Infrastructure;
using Features.PluginSdk;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.MarketData;

/// <summary>
/// The chunked bar store against the plainest possible model, a sorted dictionary of bars: random uploads that
/// append, prepend, fill gaps, revise values and overlap chunk boundaries must leave exactly the model's bars,
/// report the model's inserted/updated/unchanged counts, and answer counts and warm-up starts as the model does.
/// </summary>
public sealed class ChunkedBarStoreTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private const long Minute = 60_000_000;

    [Theory, MemberData(nameof(Backends))]
    public async Task Random_overlapping_uploads_leave_exactly_the_bars_a_sorted_dictionary_holds(string backend)
    {
        var store = TestHosts.Get(backend).Services.GetRequiredService<BarStore>();
        var symbol = ApiClient.NewSymbol();
        var model = new SortedDictionary<long, Bar>();
        var random = new Random(20261127);
        var t0 = new DateTimeOffset(2021, 1, 4, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;

        // Slots 0..40,000 minutes; chunks hold 4,096 bars, upload batches 65,536.
        (int From, int Count, int Step)[] uploads =
        [
            (10_000, 9_000, 1),   // a first block spanning three chunks
            (19_000, 5_000, 1),   // an append that fills the last chunk and adds more
            (0, 3_000, 3),        // a sparse prepend
            (1, 9_999, 1),        // fills every gap before the first block, overlapping the sparse bars
            (12_000, 2, 2_000),   // two bars revised in different chunks
            (5_000, 20_000, 1),   // a big overlap across many chunks, half revised
            (30_000, 70_000, 1) , // more than one upload batch
            (40_000, 1, 1),       // one bar in the middle
        ];
        var round = 0;
        foreach (var (from, count, step) in uploads)
        {
            round++;
            var bars = new List<Bar>();
            for (var i = 0; i < count; i++)
            {
                var slot = from + i * step;
                // Revise about half the bars already stored; keep the rest identical.
                var price = model.ContainsKey(t0 + slot * Minute) && random.Next(2) == 0 ? 100 + random.NextDouble() : 100 + slot % 97 * 0.01;
                bars.Add(new Bar(t0 + slot * Minute, price, price + 1, price - 1, price, slot % 1000));
            }
            // Upload order is not time order.
            var shuffled = bars.OrderBy(_ => random.Next()).ToArray();

            int inserted = 0, updated = 0, unchanged = 0;
            foreach (var bar in bars)
            {
                if (!model.TryGetValue(bar.Timestamp, out var old)) inserted++;
                else if (old == bar) unchanged++;
                else updated++;
                model[bar.Timestamp] = bar;
            }

            var result = await store.IngestAsync(symbol, "1m", shuffled, CancellationToken.None);
            (result.Inserted, result.Updated, result.Unchanged).ShouldBe((inserted, updated, unchanged), $"upload {round}");
            result.Series.BarCount.ShouldBe(model.Count);
            result.Series.FirstTimestamp.ShouldBe(model.Keys.First());
            result.Series.LastTimestamp.ShouldBe(model.Keys.Last());
        }

        await using var snapshot = await store.OpenSnapshotAsync(CancellationToken.None);
        var series = (await snapshot.FindSeriesAsync(symbol, "1m", CancellationToken.None))!;
        var expected = model.Values.ToList();

        // Every bar, in order, through blocks of an awkward size.
        var read = new List<Bar>();
        await foreach (var block in snapshot.ReadAsync(series.Id, long.MinValue, long.MaxValue, 5_000, CancellationToken.None))
        {
            for (var i = 0; i < block.Count; i++) read.Add(new Bar(block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]));
        }
        read.ShouldBe(expected);

        var keys = model.Keys.ToArray();
        for (var probe = 0; probe < 40; probe++)
        {
            var a = t0 + random.Next(-100, 101_000) * Minute;
            var b = a + random.Next(0, 30_000) * Minute;
            var inRange = keys.Count(k => k >= a && k < b);
            (await snapshot.CountAsync(series.Id, a, b, CancellationToken.None)).ShouldBe(inRange, $"count [{a}, {b})");

            var partial = new List<long>();
            await foreach (var block in snapshot.ReadAsync(series.Id, a, b, 65_536, CancellationToken.None))
            {
                partial.AddRange(block.Timestamp.Take(block.Count));
            }
            partial.ShouldBe(keys.Where(k => k >= a && k < b));

            var warmup = random.Next(1, 12_000);
            var before = keys.Where(k => k < a).ToArray();
            var expectedStart = before.Length == 0 ? a : before[Math.Max(0, before.Length - warmup)];
            (await snapshot.WarmupStartAsync(series.Id, a, warmup, CancellationToken.None)).ShouldBe(expectedStart, $"warm-up {warmup} before {a}");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_short_series_read_twice_in_one_snapshot_comes_from_the_database_once_and_a_long_one_streams_each_time(string backend)
    {
        var services = TestHosts.Get(backend).Services;
        // A store of our own, so its count of bars decoded out of the database is this test's alone.
        var store = new BarStore(services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Host.Storage.FeaturesDbContext>>(),
            services.GetRequiredService<Host.Storage.SqliteCheckpoints>());
        var t0 = new DateTimeOffset(2021, 1, 4, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        Bar[] Bars(int count) => [.. Enumerable.Range(0, count).Select(i => new Bar(t0 + i * Minute, 100 + i % 89, 101 + i % 89, 99 + i % 89, 100.5 + i % 89, i % 1000))];
        // 10,000 bars are 3 chunks of 4,096 (kept decoded); 100,000 are 25 (more than a snapshot keeps: streamed).
        var (shortSymbol, longSymbol) = (ApiClient.NewSymbol(), ApiClient.NewSymbol());
        var (shortBars, longBars) = (Bars(10_000), Bars(100_000));
        await store.IngestAsync(shortSymbol, "1m", shortBars, CancellationToken.None);
        await store.IngestAsync(longSymbol, "1m", longBars, CancellationToken.None);

        await using var snapshot = await store.OpenSnapshotAsync(CancellationToken.None);
        async Task<List<Bar>> ReadAsync(string symbol, long from, long to)
        {
            var series = (await snapshot.FindSeriesAsync(symbol, "1m", CancellationToken.None))!;
            var read = new List<Bar>();
            await foreach (var block in snapshot.ReadAsync(series.Id, from, to, 3_000, CancellationToken.None))
            {
                for (var i = 0; i < block.Count; i++) read.Add(new Bar(block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]));
            }
            return read;
        }

        // As planning's fingerprint pass, then a kernel pass from a later warm-up start.
        (await ReadAsync(shortSymbol, long.MinValue, long.MaxValue)).ShouldBe(shortBars);
        store.BarsRead.ShouldBe(10_000);
        var (from, to) = (t0 + 1_234 * Minute, t0 + 9_000 * Minute);
        (await ReadAsync(shortSymbol, from, to)).ShouldBe(shortBars.Where(b => b.Timestamp >= from && b.Timestamp < to));
        (await ReadAsync(shortSymbol, long.MinValue, long.MaxValue)).ShouldBe(shortBars);
        store.BarsRead.ShouldBe(10_000, "the second and third reads were served from the chunks the first decoded");

        (await ReadAsync(longSymbol, long.MinValue, long.MaxValue)).ShouldBe(longBars);
        (await ReadAsync(longSymbol, long.MinValue, long.MaxValue)).ShouldBe(longBars);
        store.BarsRead.ShouldBe(10_000 + 2 * 100_000L, "a long series is not held: memory must not grow with it");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_duplicate_timestamp_far_apart_in_a_long_file_is_refused_with_both_lines_and_nothing_is_stored(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var start = new DateTime(2022, 1, 3, 0, 0, 0, DateTimeKind.Utc);
        var csv = new System.Text.StringBuilder("timestamp,open,high,low,close,volume\n");
        for (var i = 0; i < 70_000; i++) csv.Append($"{start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},1,2,0.5,1.5,10\n");
        // Line 70,002 repeats the bar of line 3, which went to the store in an earlier batch.
        csv.Append($"{start.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ},1,2,0.5,1.5,10\n");

        var (status, body) = await client.IngestRawAsync(symbol, "1m", Csv.Text(csv.ToString()));
        status.ShouldBe(System.Net.HttpStatusCode.UnprocessableEntity, body?.ToJsonString());
        body!["detail"]!.GetValue<string>().ShouldContain("also on line 3");
        body["errors"]!.AsObject().Select(e => e.Key).ShouldContain("line 70002.timestamp");

        var (_, list) = await client.GetJsonAsync("/api/v1/market-data");
        list!.AsArray().Any(s => s!["symbol"]!.GetValue<string>() == symbol).ShouldBeFalse("a refused file stores no bars");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Concurrent_uploads_into_the_same_chunks_of_one_series_lose_no_bar(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        const int uploads = 8, perUpload = 3_000;
        var start = new DateTime(2023, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        // Upload k holds every 8th minute from k: all eight land in the same chunks, so each one reads, merges and
        // rewrites chunks another may be rewriting at the same moment.
        var files = Enumerable.Range(0, uploads).Select(k =>
        {
            var csv = new System.Text.StringBuilder("timestamp,open,high,low,close,volume\n");
            for (var i = 0; i < perUpload; i++)
            {
                var slot = i * uploads + k;
                csv.Append($"{start.AddMinutes(slot):yyyy-MM-ddTHH:mm:ssZ},{slot},{slot + 1},{slot},{slot},{k}\n");
            }
            return Csv.Text(csv.ToString());
        }).ToList();

        var results = await Task.WhenAll(files.Select(f => client.IngestRawAsync(symbol, "1m", f)));
        foreach (var (status, body) in results)
        {
            status.ShouldBe(System.Net.HttpStatusCode.OK, body?.ToJsonString());
            body!["inserted"]!.GetValue<int>().ShouldBe(perUpload);
        }

        var store = TestHosts.Get(backend).Services.GetRequiredService<BarStore>();
        await using var snapshot = await store.OpenSnapshotAsync(CancellationToken.None);
        var series = (await snapshot.FindSeriesAsync(symbol, "1m", CancellationToken.None))!;
        series.BarCount.ShouldBe(uploads * perUpload);
        series.Revision.ShouldBe(uploads);
        var slotSeen = 0;
        await foreach (var block in snapshot.ReadAsync(series.Id, long.MinValue, long.MaxValue, 65_536, CancellationToken.None))
        {
            for (var i = 0; i < block.Count; i++, slotSeen++)
            {
                block.Open[i].ShouldBe(slotSeen);
                block.Volume[i].ShouldBe(slotSeen % uploads);
            }
        }
        slotSeen.ShouldBe(uploads * perUpload);
    }
}
