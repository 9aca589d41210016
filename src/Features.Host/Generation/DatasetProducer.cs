using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;

namespace Features.Host.Generation;

/// <summary>A dataset to compute: the feature, its plan inside the caller's snapshot and the hash that plan gives.</summary>
public sealed record PlannedDataset(FeatureDefinition Definition, PlanRequest Request, GenerationPlan Plan, bool Regenerate)
{
    public HashInputs HashInputs { get; } = Request.HashInputs(Plan.Fingerprint);

    public string VersionHash => field ??= HashInputs.VersionHash();

    public string ObjectKey => $"{Definition.StoragePrefix}{Request.Request.Symbol}/{Request.Request.Timeframe}/{VersionHash}.parquet";

    /// <summary>
    /// The kernel run that computes it into <paramref name="tempFile"/> (or into memory, up to <paramref name="inMemoryUpTo"/>
    /// bytes), its Parquet metadata carrying the hash inputs.
    /// </summary>
    public KernelRun ToRun(string tempFile, TimeSpan budget, bool md5, int inMemoryUpTo = 0)
    {
        var (plugin, parameters, _) = Request;
        var outputs = PluginCalls.Call(plugin, () => plugin.Plugin.OutputColumns(parameters));
        var metadata = new Dictionary<string, string>
        {
            ["features.hash_spec"] = "v1",
            ["features.version_hash"] = VersionHash,
            ["features.hash_inputs"] = HashInputs.CanonicalJson(),
        };
        return new KernelRun(Request, Plan.ReadFrom, Plan.Inputs.Auxiliary, new DatasetFile(tempFile, outputs, metadata, md5, inMemoryUpTo), budget, Plan.Inputs.Events);
    }
}

/// <summary>
/// Computes planned datasets of one series and range in one kernel pass, then stores and records each
/// (DESIGN.md, pipeline steps 4-5): <see cref="KernelRunner"/> -> <see cref="DatasetWriter"/> -> object store ->
/// <see cref="DatasetRecorder"/>. A generate produces one; a batch job's symbol, many from one bar read.
/// </summary>
public sealed class DatasetProducer(
    KernelRunner runner,
    IObjectStore objects,
    DatasetRecorder recorder,
    PluginRegistry plugins,
    FeaturesPaths paths,
    GenerationTelemetry telemetry)
{
    /// <summary>Objects of one pass uploaded at once: enough to overlap flushes and round trips, few enough for an S3 connection pool.</summary>
    private const int ParallelUploads = 8;

    /// <summary>
    /// The most one pass keeps in memory for a store that takes datasets from memory: a pass writes all its datasets side
    /// by side, so the per-dataset limit is shared out (14 daily datasets of ~100 KB stay in memory; 150 datasets of
    /// minute bars spill to files rather than hold 150 × 8 MiB).
    /// </summary>
    internal const int InMemoryPassBytes = 64 * 1024 * 1024;

    /// <summary>How many bytes each of a pass's <paramref name="datasets"/> may keep in memory for <paramref name="objects"/>.</summary>
    internal static int InMemoryLimit(IObjectStore objects, int datasets) => Math.Min(objects.InMemoryUpToBytes, InMemoryPassBytes / Math.Max(1, datasets));

    /// <summary>How many kernels this host ran.</summary>
    internal long Computations => runner.Computations;

    /// <summary>Results in the order of <paramref name="datasets"/>; any failure fails all, and nothing of them is stored.</summary>
    public async Task<IReadOnlyList<GenerationResult>> ProduceAsync(BarSnapshot snapshot, IReadOnlyList<PlannedDataset> datasets, CancellationToken ct)
    {
        var inputs = datasets[0].Plan.Inputs;
        if (datasets.Any(d => d.Plan.Inputs.Series.Id != inputs.Series.Id || d.Plan.Inputs.End != inputs.End))
        {
            throw new ArgumentException("one pass reads one series up to one end", nameof(datasets));
        }
        var budget = TimeSpan.FromSeconds(Math.Max(1, plugins.Options.ComputeTimeoutSeconds));
        var runs = new List<KernelRun>(datasets.Count);
        KernelPassResult? pass = null;
        try
        {
            var inMemoryUpTo = InMemoryLimit(objects, datasets.Count);
            foreach (var dataset in datasets) runs.Add(dataset.ToRun(TempFiles.NewParquet(paths), budget, objects.ChecksMd5, inMemoryUpTo));
            pass = await runner.RunAsync(new KernelPass(snapshot, inputs.Series, inputs.End, runs), ct);
            return await StoreAndRecordAsync(datasets, pass);
        }
        finally
        {
            foreach (var run in runs) TempFiles.TryDelete(run.Output.Path);
            foreach (var run in pass?.Runs ?? []) run.Dataset.Bytes?.Dispose();
        }
    }

    /// <summary>Objects first, together (uploads side by side, or local files flushed as one), then every row in one transaction.</summary>
    private async Task<IReadOnlyList<GenerationResult>> StoreAndRecordAsync(IReadOnlyList<PlannedDataset> datasets, KernelPassResult pass)
    {
        if (datasets.Count == 1) return [await StoreAndRecordAsync(datasets[0], pass.Runs[0], pass)];
        var store = GenerationTelemetry.Start("store").Tag("features.objects", datasets.Count);
        using (store)
        {
            await objects.MoveInAllAsync(
                [.. datasets.Select((d, i) => ObjectMoveOf(pass.Runs[i].Dataset, d.ObjectKey))],
                ParallelUploads, CancellationToken.None);
        }
        var record = GenerationTelemetry.Start("record");
        IReadOnlyList<GenerationResult> results;
        using (record)
        {
            results = await recorder.RecordAsync([.. datasets.Select((d, i) => (d, pass.Runs[i].Dataset))]);
        }
        for (var i = 0; i < datasets.Count; i++)
        {
            telemetry.BytesWritten(pass.Runs[i].Dataset.SizeBytes);
            telemetry.Computed(datasets[i], pass.Runs[i], pass, store.Elapsed / datasets.Count, record.Elapsed / datasets.Count);
        }
        return results;
    }

    private static ObjectMove ObjectMoveOf(WrittenDataset file, string objectKey) =>
        new(file.Path, $"_tmp/{Guid.NewGuid():N}.parquet", objectKey, file.Digests, file.Bytes?.Memory);

    private async Task<GenerationResult> StoreAndRecordAsync(PlannedDataset dataset, KernelRunResult run, KernelPassResult pass)
    {
        var file = run.Dataset;
        var objectKey = dataset.ObjectKey;
        var store = GenerationTelemetry.Start("store").Tag("features.bytes", file.SizeBytes);
        using (store)
        {
            await objects.MoveInAsync(ObjectMoveOf(file, objectKey), CancellationToken.None);
        }
        telemetry.BytesWritten(file.SizeBytes);

        var record = GenerationTelemetry.Start("record");
        GenerationResult result;
        using (record)
        {
            result = await recorder.RecordAsync(dataset, file);
        }
        telemetry.Computed(dataset, run, pass, store.Elapsed, record.Elapsed);
        return result;
    }
}
