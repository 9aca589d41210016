namespace Features.Host.TrainingSets;

/// <summary>
/// Builds a training set in two streaming stages (docs/TRAINING_SETS.md, "Engine"): per symbol, the as-of join of
/// every member and the label, spilled to disk; then a merge of all symbols by time blocks through the processors
/// into the Parquet writer, recording the row timeline from which the splits are cut. Memory holds one symbol's
/// inputs, one chunk per symbol cursor and one time block, whatever the size of the universe.
/// </summary>
public sealed class TrainingSetBuilder(string tempDirectory, int rowsPerBlock = 1 << 16)
{
    public async Task<TrainingSetResult> BuildAsync(TrainingSetPlan plan, ITrainingSetSource source, string outputPath,
        IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        var featureNames = ColumnNaming.Assign(plan.Members.SelectMany(m => m.Columns.Select(c => (m.Prefix, c))));
        using var spill = new FrameSpill(tempDirectory, featureNames.Count);
        foreach (var symbol in plan.Symbols)
        {
            var inputs = await source.LoadAsync(symbol, ct);
            var frame = Frame(plan, inputs);
            spill.Add(plan.DropIncompleteLabels ? frame.WithoutIncompleteLabels() : frame);
        }

        var processor = new BlockProcessor(plan.Processors, featureNames, plan.Symbols.Count);
        var timeline = new RowTimeline();
        long rows;
        IReadOnlyList<string> columns;
        using (var writer = new TrainingSetWriter(outputPath, featureNames, plan.Symbols, metadata))
        {
            foreach (var block in TimeBlockMerger.Merge(spill, rowsPerBlock))
            {
                ct.ThrowIfCancellationRequested();
                processor.Apply(block);
                timeline.Add(block);
                writer.Write(block);
            }
            writer.Close();
            rows = writer.Rows;
            columns = writer.Columns;
        }

        var manifest = plan.Splits is null ? null : SplitPlanner.Plan(plan.Splits, timeline);
        var fitOnTrain = plan.Processors.Where(p => p.FitsOnTrain).ToList();
        if (manifest is not null && fitOnTrain.Count > 0) manifest = await TrainFit.FitAsync(outputPath, manifest, fitOnTrain, featureNames, ct);
        return new TrainingSetResult(rows, columns, timeline.TimestampCount, manifest);
    }

    /// <summary>One symbol's rows: the grid bars, every member joined as of each row's bar close, the label and its span.</summary>
    public static SymbolFrame Frame(TrainingSetPlan plan, SymbolInputs inputs)
    {
        var bars = inputs.Bars;
        var grid = bars.Timestamps.AsSpan(bars.FirstRow, bars.RowCount).ToArray();
        var rowCloses = BarClose.Of(grid, plan.Timeframe);
        var features = new List<double[]>();
        for (var m = 0; m < plan.Members.Count; m++)
        {
            var targets = plan.Members[m].Columns.Select(_ => new double[grid.Length]).ToList();
            AsOfJoiner.Join(rowCloses, inputs.Members[m], plan.Members[m].Rule, targets);
            features.AddRange(targets);
        }
        if (plan.Label is FeatureLabel && inputs.LabelFeature is { } labelFeature)
        {
            var values = new double[bars.Length];
            AsOfJoiner.Join(BarClose.Of(bars.Timestamps, plan.Timeframe), labelFeature, AsOfRule.Latest, [values]);
            bars = bars with { FeatureValues = values };
        }
        var label = Labeler.Compute(plan.Label, bars);
        return new SymbolFrame(grid, features, label.Value, label.Start, label.End);
    }
}
