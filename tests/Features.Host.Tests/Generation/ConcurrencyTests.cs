using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Features.Host.Generation;
using Features.Host.Storage.Objects;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Generation;

/// <summary>Many clients at once, on both backends: one computation per hash, no crossed wires, optimistic locking, no torn reads.</summary>
public sealed class ConcurrencyTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static readonly ConcurrentDictionary<string, Lazy<FeaturesApp>> Apps = new();

    /// <summary>A host per backend for this class alone, so its computation counter counts only these tests (a class runs its tests one at a time).</summary>
    private static FeaturesApp App(string backend) => Apps.GetOrAdd(backend, b => new Lazy<FeaturesApp>(() => FeaturesApp.Start(b))).Value;

    private static Bar[] Default => ReferenceData.Quotes("default.csv");

    private static string Fingerprint(IEnumerable<Bar> bars)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[48];
        foreach (var b in bars)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, b.Timestamp);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8), b.Open);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(16), b.High);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(24), b.Low);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(32), b.Close);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(40), b.Volume);
            sha.AppendData(buffer);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task<int> ObjectCountAsync(FeaturesApp app, string prefix)
    {
        var n = 0;
        await foreach (var _ in app.Services.GetRequiredService<IObjectStore>().ListAsync(prefix, CancellationToken.None)) n++;
        return n;
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Sixty_four_identical_generates_compute_once_and_answer_alike(string backend)
    {
        var app = App(backend);
        var client = app.CreateClient();
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Default));
        var prefix = "conc-" + Guid.NewGuid().ToString("N")[..8];
        var (created, feature) = await client.PostJsonAsync("/api/v1/features", new { name = "bb", plugin_key = "technical.bb", storage_prefix = prefix });
        created.ShouldBe(HttpStatusCode.Created);
        var id = feature!["id"]!.GetValue<string>();
        var service = app.Services.GetRequiredService<GenerationService>();
        var before = service.Computations;

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => client.GenerateAsync(id, symbol, "2017-01-03", "2019-01-01"))));

        (service.Computations - before).ShouldBe(1, "one kernel run for 64 identical requests");
        static string WithoutCached(JsonNode r)
        {
            var copy = r.DeepClone().AsObject();
            copy.Remove("cached");
            // PostgreSQL keeps microseconds: the computing request's in-memory created_at may carry a 7th digit the stored one lacks.
            var created = DateTime.Parse(copy["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            copy["created_at"] = new DateTime(created.Ticks - created.Ticks % 10, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
            return copy.ToJsonString();
        }
        results.Select(WithoutCached).Distinct().Count().ShouldBe(1, "64 identical answers");
        var (_, versions) = await client.GetJsonAsync($"/api/v1/features/{id}/versions?symbol={symbol}");
        versions!.AsArray().Count.ShouldBe(1, "one dataset row");
        (await ObjectCountAsync(app, prefix + "/")).ShouldBe(1, "one object");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Sixty_four_generates_over_different_symbols_all_succeed_with_their_own_values(string backend)
    {
        var client = App(backend).CreateClient();
        var bars = Default.Take(120).ToArray();
        var symbols = Enumerable.Range(0, 64).Select(i => (Symbol: ApiClient.NewSymbol(), Scale: 1 + i / 10.0)).ToArray();
        foreach (var (symbol, scale) in symbols)
        {
            await client.IngestAsync(symbol, "1d", Csv.From(bars.Select(b => b with { Open = b.Open * scale, High = b.High * scale, Low = b.Low * scale, Close = b.Close * scale })));
        }
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 5 }))["id"]!.GetValue<string>();

        var results = await Task.WhenAll(symbols.Select(s => Task.Run(() => client.GenerateAsync(id, s.Symbol, "2017-01-03", "2017-07-01"))));

        for (var i = 0; i < symbols.Length; i++)
        {
            var r = results[i];
            r["symbol"]!.GetValue<string>().ShouldBe(symbols[i].Symbol);
            var expectedRows = bars.Count(b => b.Timestamp < Csv.Micros("2017-07-01"));
            r["row_count"]!.GetValue<long>().ShouldBe(expectedRows);
            // SMA(5) on row 4 is the mean of the first five scaled closes: a crossed wire would show another scale.
            var expected = bars.Take(5).Average(b => b.Close * symbols[i].Scale);
            r["preview"]!.AsArray()[4]!["sma"]!.GetValue<double>().ShouldBe(expected, 1e-9);
        }
        results.Select(r => r["version_hash"]!.GetValue<string>()).Distinct().Count().ShouldBe(64);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Concurrent_patches_carrying_the_same_version_let_exactly_one_through(string backend)
    {
        var client = App(backend).CreateClient();
        var id = (await client.CreateFeatureAsync("technical.sma"))["id"]!.GetValue<string>();
        for (var round = 0; round < 3; round++)
        {
            var (_, current) = await client.GetJsonAsync($"/api/v1/features/{id}");
            var version = current!["version"]!.GetValue<int>();
            var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
                client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { version, description = $"round {round} writer {i}" }))));
            answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, string.Join(" | ", answers.Select(a => $"{(int)a.Status} {a.Body?["detail"]}")));
            answers.Count(a => a.Status == HttpStatusCode.Conflict).ShouldBe(15);
            var winner = answers.Single(a => a.Status == HttpStatusCode.OK).Body!;
            var (_, stored) = await client.GetJsonAsync($"/api/v1/features/{id}");
            stored!["version"]!.GetValue<int>().ShouldBe(version + 1);
            stored["description"]!.GetValue<string>().ShouldBe(winner["description"]!.GetValue<string>());
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_revision_ingested_while_generating_never_yields_a_torn_read(string backend)
    {
        var client = App(backend).CreateClient();
        var symbol = ApiClient.NewSymbol();
        var bars = Default.Take(400).ToArray();
        // Revision k shifts every price by k: each ingestion replaces all bars in one transaction.
        Bar[] Revision(int k) => [.. bars.Select(b => b with { Open = b.Open + k, High = b.High + k, Low = b.Low + k, Close = b.Close + k })];
        await client.IngestAsync(symbol, "1d", Csv.From(Revision(0)));
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 3 }))["id"]!.GetValue<string>();
        var start = DateTime.UnixEpoch.AddTicks(bars[0].Timestamp * 10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        const string end = "2030-01-01";
        const int revisions = 6;
        var fingerprints = Enumerable.Range(0, revisions + 1).ToDictionary(k => Fingerprint(Revision(k)), k => k);

        var writer = Task.Run(async () =>
        {
            for (var k = 1; k <= revisions; k++) await client.IngestAsync(symbol, "1d", Csv.From(Revision(k)));
        });
        var seen = new List<JsonNode>();
        while (!writer.IsCompleted || seen.Count < 3)
        {
            seen.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => client.GenerateAsync(id, symbol, start, end, action: "regenerate")))));
            if (seen.Count > 60) break;
        }
        await writer;

        foreach (var r in seen)
        {
            var fingerprint = r["source_fingerprint"]!.GetValue<string>();
            fingerprints.ShouldContainKey(fingerprint, "the fingerprint must be that of one whole revision");
            var k = fingerprints[fingerprint];
            // The values were computed from the same bars: SMA(3) on row 2 of revision k.
            r["preview"]!.AsArray()[2]!["sma"]!.GetValue<double>().ShouldBe(bars.Take(3).Average(b => b.Close + k), 1e-9);
        }
    }
}
