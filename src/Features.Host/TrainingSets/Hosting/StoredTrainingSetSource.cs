using Apache.Arrow;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Storage.Entities;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>
/// The builder's inputs in the host: each symbol's grid bars read through one <see cref="BarSnapshot"/> (with the label's
/// history and look-ahead bars around the range), handed to <paramref name="barsRead"/> (the set's content hash takes
/// their fingerprint), and each member's stored dataset fetched and verified through <see cref="DatasetReader"/> once
/// <paramref name="datasetsOf"/> has it: a symbol's members may still be computing while earlier symbols load. The
/// builder loads a few symbols at a time.
/// </summary>
public sealed class StoredTrainingSetSource(
    BarSnapshot snapshot,
    DatasetReader reader,
    TrainingSetPlan plan,
    Func<string, CancellationToken, Task<SymbolDatasets>> datasetsOf,
    Func<BarSeries, LabelBars, CancellationToken, Task>? barsRead = null) : ITrainingSetSource
{
    // The snapshot is one database connection: symbols loading side by side take turns on it; their datasets are fetched at once.
    private readonly SemaphoreSlim _snapshotTurn = new(1, 1);

    public async Task<SymbolInputs> LoadAsync(string symbol, CancellationToken ct)
    {
        LabelBars bars;
        BarSeries series;
        await _snapshotTurn.WaitAsync(ct);
        try
        {
            series = await snapshot.FindSeriesAsync(symbol, plan.Timeframe, ct)
                     ?? throw ProblemException.Invalid("symbols", $"no {plan.Timeframe} bars for {symbol}");
            bars = await ReadBarsAsync(snapshot, series, plan, ct);
        }
        finally
        {
            _snapshotTurn.Release();
        }
        if (barsRead is not null) await barsRead(series, bars, ct);
        var datasets = await datasetsOf(symbol, ct);
        var members = new List<MemberSeries>(plan.Members.Count);
        for (var m = 0; m < plan.Members.Count; m++) members.Add(await LoadSeriesAsync(datasets.Members[m], plan.Members[m].Columns, ct));
        MemberSeries? labelFeature = null;
        if (plan.Label is FeatureLabel featureLabel && datasets.LabelFeature is { } labelDataset)
        {
            labelFeature = await LoadSeriesAsync(labelDataset, [featureLabel.Column], ct);
        }
        return new SymbolInputs(bars, members, labelFeature);
    }

    /// <summary>The grid series' bars a symbol's rows and label read: the label's history before the range, the range, its look-ahead after.</summary>
    public static async Task<LabelBars> ReadBarsAsync(BarSnapshot snapshot, BarSeries series, TrainingSetPlan plan, CancellationToken ct)
    {
        var from = await snapshot.WarmupStartAsync(series.Id, plan.Start, plan.Label.HistoryBars, ct);
        var ts = new List<long>();
        var open = new List<double>();
        var high = new List<double>();
        var low = new List<double>();
        var close = new List<double>();
        int firstRow = -1, rowCount = 0, after = 0;
        await foreach (var block in snapshot.ReadAsync(series.Id, from, long.MaxValue, GenerationPlanner.BatchRows, ct))
        {
            for (var i = 0; i < block.Count && after < plan.Label.LookaheadBars + 1; i++)
            {
                var t = block.Timestamp[i];
                if (t >= plan.End) after++;
                if (after > plan.Label.LookaheadBars) break;
                if (t >= plan.Start && t < plan.End)
                {
                    if (firstRow < 0) firstRow = ts.Count;
                    rowCount++;
                }
                ts.Add(t);
                open.Add(block.Open[i]);
                high.Add(block.High[i]);
                low.Add(block.Low[i]);
                close.Add(block.Close[i]);
            }
            if (after > plan.Label.LookaheadBars) break; // the look-ahead is complete: read no further blocks
        }
        return new LabelBars([.. ts], [.. open], [.. high], [.. low], [.. close], Math.Max(firstRow, 0), rowCount);
    }

    /// <summary>A stored dataset's stamps and the named columns as float64 (NaN for null).</summary>
    private async Task<MemberSeries> LoadSeriesAsync(FeatureDataset dataset, IReadOnlyList<string> columns, CancellationToken ct)
    {
        using var content = await reader.FetchVerifiedObjectAsync(dataset, ct);
        var stamps = new List<long>();
        var values = columns.Select(_ => new List<double>()).ToList();
        using var fileReader = content.OpenParquet();
        using var batches = fileReader.GetRecordBatchReader();
        while (await batches.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                var time = (TimestampArray)batch.Column("timestamp");
                ArrowDoubles.AppendStamps(time, stamps);
                for (var c = 0; c < columns.Count; c++) ArrowDoubles.Append(batch.Column(columns[c]), values[c]);
            }
        }
        return new MemberSeries(dataset.Timeframe, [.. stamps], [.. values.Select(v => v.ToArray())]);
    }
}

/// <summary>One symbol's stored datasets a training set reads: its members in the request's order, and the label's feature if any.</summary>
public sealed record SymbolDatasets(IReadOnlyList<FeatureDataset> Members, FeatureDataset? LabelFeature);
