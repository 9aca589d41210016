using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Jobs;
using Features.Host.MarketData;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>
/// The <c>training_set</c> job kind: computes (or finds) every member dataset of every symbol through the generate
/// pipeline, derives the content hash from the request and those datasets' version hashes, and serves a set already
/// stored under that hash; otherwise builds it and stores <c>data.parquet</c> and <c>splits.json</c> there. The item's
/// <see cref="JobItem.VersionHash"/> is the content hash.
/// </summary>
public sealed class TrainingSetJobHandler(
    IDbContextFactory<FeaturesDbContext> contexts,
    GenerationService generation,
    BarStore bars,
    DatasetReader reader,
    IObjectStore objects,
    FeaturesPaths paths) : IJobHandler
{
    private static readonly JsonSerializerOptions SplitsJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string Kind => TrainingSetRequest.Kind;

    public async Task RunAsync(JobRecord job, IReadOnlyList<JobItem> items, Func<IReadOnlyList<ItemOutcome>, Task> record, CancellationToken ct)
    {
        foreach (var item in items)
        {
            try
            {
                var (hash, cached) = await BuildAsync(TrainingSetRequest.Parse(job.RequestJson), ct);
                await record([new ItemOutcome(item.Seq, ItemStatus.Succeeded, null, hash, cached, null)]);
            }
            catch (Exception e) when (!TransientFailures.IsTransient(e) && e is not OperationCanceledException)
            {
                var problem = e as ProblemException ?? new ProblemException(500, "Internal Server Error", $"the training set could not be built ({e.GetType().Name}: {e.Message})", null, e);
                await record([ItemOutcome.Failed(item.Seq, problem)]);
            }
        }
    }

    private async Task<(string Hash, bool Cached)> BuildAsync(TrainingSetRequest request, CancellationToken ct)
    {
        var options = request.Options();
        Dictionary<Guid, string> names;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var ids = request.Features.Select(m => m.FeatureId).ToList();
            names = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        }

        var membersBySymbol = new Dictionary<string, IReadOnlyList<FeatureDataset>>();
        var labelBySymbol = new Dictionary<string, FeatureDataset>();
        foreach (var symbol in request.Symbols)
        {
            var datasets = new List<FeatureDataset>();
            foreach (var member in request.Features) datasets.Add(await GenerateAsync(member.FeatureId, symbol, member.Timeframe, request, ct));
            membersBySymbol[symbol] = datasets;
            if (options.Label is FeatureLabel label) labelBySymbol[symbol] = await GenerateAsync(Guid.Parse(label.FeatureId), symbol, request.Timeframe, request, ct);
        }

        var first = membersBySymbol[request.Symbols[0]];
        var members = request.Features.Select((m, i) => new MemberPlan(
            m.Alias ?? names[m.FeatureId],
            m.Columns ?? [.. (JsonSerializer.Deserialize<string[]>(first[i].ColumnsJson) ?? []).Where(c => c != "timestamp")],
            m.Timeframe,
            new AsOfRule(m.Lag, m.MaxStalenessSeconds * 1_000_000))).ToList();
        var plan = new TrainingSetPlan(request.Timeframe, request.Symbols, Micros(request.StartDate), Micros(request.EndDate),
            members, options.Label, request.DropIncompleteLabels, options.Processors, options.Splits);

        await using var snapshot = await bars.OpenSnapshotAsync(ct);
        var labelBars = new Dictionary<string, string>();
        foreach (var symbol in request.Symbols)
        {
            var series = await snapshot.FindSeriesAsync(symbol, request.Timeframe, ct);
            // The series' revision moves with every changed bar: a revised bar gives a new content hash.
            labelBars[symbol] = series is null ? "none" : $"{series.BarCount}:{series.FirstTimestamp}:{series.LastTimestamp}:{series.Revision}";
        }
        var memberHashes = membersBySymbol.Values.SelectMany(d => d).Concat(labelBySymbol.Values).Select(d => d.VersionHash);
        var normalised = new Dictionary<string, object?> { ["json"] = request.ToJson() };
        var hash = TrainingSetHash.Compute(normalised, memberHashes, labelBars);
        if (await objects.ExistsAsync(TrainingSetObjects.Data(hash), ct) && await objects.ExistsAsync(TrainingSetObjects.Splits(hash), ct)) return (hash, true);

        Directory.CreateDirectory(paths.TempDirectory);
        var dataFile = Path.Combine(paths.TempDirectory, $"ts-{Guid.NewGuid():N}.parquet");
        var splitsFile = Path.ChangeExtension(dataFile, ".json");
        try
        {
            var source = new StoredTrainingSetSource(snapshot, reader, plan, membersBySymbol, labelBySymbol);
            var metadata = new Dictionary<string, string> { ["features.training_set.spec"] = TrainingSetHash.SpecVersion };
            var result = await new TrainingSetBuilder(paths.TempDirectory).BuildAsync(plan, source, dataFile, metadata, ct);
            var manifest = result.Splits ?? new SplitManifest("none", []);
            await File.WriteAllTextAsync(splitsFile, JsonSerializer.Serialize(manifest, SplitsJson), ct);
            await objects.PutAsync(splitsFile, TrainingSetObjects.Splits(hash) + ".tmp", TrainingSetObjects.Splits(hash), ct);
            await objects.PutAsync(dataFile, TrainingSetObjects.Data(hash) + ".tmp", TrainingSetObjects.Data(hash), ct);
            return (hash, false);
        }
        finally
        {
            File.Delete(dataFile);
            File.Delete(splitsFile);
        }
    }

    private static long Micros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;

    private async Task<FeatureDataset> GenerateAsync(Guid featureId, string symbol, string timeframe, TrainingSetRequest request, CancellationToken ct) =>
        (await generation.GenerateAsync(featureId, new GenerationRequest(symbol, timeframe, request.StartDate, request.EndDate), false, ct)).Dataset;
}
