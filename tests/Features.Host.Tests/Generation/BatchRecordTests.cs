using System.Globalization;
using System.Net;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Features.PluginSdk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Generation;

/// <summary>
/// Recording a batch pass's datasets in one insert (<see cref="DatasetRecorder"/>): batch work has looked for the rows
/// just before, so the insert itself is what catches a row another host recorded in between (the unique constraint)
/// and a feature deleted in between (its foreign key). Either way the one-by-one path answers as a single generate would.
/// </summary>
public sealed class BatchRecordTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private const long DayMicros = 86_400_000_000;

    private static Bar[] Daily(int count)
    {
        var random = new Random(11);
        var bars = new Bar[count];
        var close = 50.0;
        var t0 = (new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;
        for (var i = 0; i < count; i++)
        {
            var open = close;
            close = open * Math.Exp(0.02 * (random.NextDouble() - 0.5));
            bars[i] = new Bar(t0 + i * DayMicros, open, Math.Max(open, close) * 1.004, Math.Min(open, close) * 0.996, close, 1_000 + i);
        }
        return bars;
    }

    private static string Iso(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private sealed record Setup(FeaturesApp App, string Symbol, string Start, string End, GenerationRequest Request);

    private static async Task<Setup> IngestAsync(string backend)
    {
        var app = TestHosts.Get(backend);
        var symbol = ApiClient.NewSymbol();
        var bars = Daily(400);
        await app.CreateClient().IngestAsync(symbol, "1d", Csv.From(bars));
        var (start, end) = (Iso(bars[50].Timestamp), Iso(bars[^1].Timestamp + DayMicros));
        var request = new GenerationRequest(symbol, "1d", DateTime.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            DateTime.Parse(end, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        return new Setup(app, symbol, start, end, request);
    }

    /// <summary>Plans the features in one snapshot, not regenerating (as batch work does after finding no row), and runs one pass.</summary>
    private static async Task<IReadOnlyList<GenerationResult>> ProduceAsync(Setup setup, IReadOnlyList<Guid> ids, Func<Task>? beforeRecording = null)
    {
        var services = setup.App.Services;
        await using var snapshot = await services.GetRequiredService<BarStore>().OpenSnapshotAsync(CancellationToken.None);
        var planned = new List<PlannedDataset>();
        foreach (var id in ids)
        {
            var (feature, _) = await services.GetRequiredService<DatasetCache>().ResolveAsync(id, setup.Request, regenerate: true, CancellationToken.None);
            var plan = await services.GetRequiredService<GenerationPlanner>().PlanAsync(snapshot, feature.Plan, CancellationToken.None);
            planned.Add(new PlannedDataset(feature.Definition, feature.Plan, plan, Regenerate: false));
        }
        if (beforeRecording is not null) await beforeRecording();
        return await services.GetRequiredService<DatasetProducer>().ProduceAsync(snapshot, planned, CancellationToken.None);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_row_recorded_by_another_host_in_between_is_answered_and_the_others_are_inserted_once(string backend)
    {
        var setup = await IngestAsync(backend);
        var client = setup.App.CreateClient();
        var ids = new List<Guid>();
        foreach (var key in new[] { "technical.sma", "technical.rsi", "technical.ema" })
        {
            ids.Add(Guid.Parse((await client.CreateFeatureAsync(key))["id"]!.GetValue<string>()));
        }

        // "Another host" records the first feature's dataset after this pass looked and before it records.
        JsonNodeHolder? other = null;
        var results = await ProduceAsync(setup, ids, async () =>
            other = new JsonNodeHolder(await client.GenerateAsync(ids[0].ToString(), setup.Symbol, setup.Start, setup.End)));

        results.Count.ShouldBe(3);
        results[0].Dataset.Id.ShouldBe(Guid.Parse(other!.Node["dataset_id"]!.GetValue<string>()));
        results[0].Cached.ShouldBeTrue("the other host's row is the answer");
        results[1].Cached.ShouldBeFalse();
        results[2].Cached.ShouldBeFalse();
        await using var db = await setup.App.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync();
        foreach (var (id, result) in ids.Zip(results))
        {
            (await db.Datasets.CountAsync(d => d.FeatureId == id && d.VersionHash == result.Dataset.VersionHash)).ShouldBe(1);
            (await db.Features.SingleAsync(f => f.Id == id)).StorageUri.ShouldNotBeNull("a feature's first dataset sets its storage URI");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_feature_deleted_in_between_fails_with_404_and_leaves_no_row(string backend)
    {
        var setup = await IngestAsync(backend);
        var client = setup.App.CreateClient();
        var ids = new List<Guid>();
        foreach (var key in new[] { "technical.sma", "technical.rsi" })
        {
            var id = (await client.CreateFeatureAsync(key))["id"]!.GetValue<string>();
            ids.Add(Guid.Parse(id));
            // An earlier dataset sets the storage URI, so the batch insert does not read the feature rows again.
            await client.GenerateAsync(id, setup.Symbol, setup.Start, Iso(Daily(400)[300].Timestamp));
        }

        var failure = await Should.ThrowAsync<ProblemException>(() => ProduceAsync(setup, ids, async () =>
            (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{ids[1]}")).Status.ShouldBe(HttpStatusCode.NoContent)));

        failure.Status.ShouldBe(404);
        await using var db = await setup.App.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync();
        (await db.Datasets.CountAsync(d => d.FeatureId == ids[1])).ShouldBe(0);
    }

    private sealed record JsonNodeHolder(System.Text.Json.Nodes.JsonNode Node);
}
