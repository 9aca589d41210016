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
        var timeline = new RowTimeline();
        long rows;
        IReadOnlyList<string> columns;
        var spill = new FrameSpill(tempDirectory, featureNames.Count);
        try
        {
            await SpillFramesAsync(plan, source, spill, ct);
            var processor = new BlockProcessor(plan.Processors, featureNames, plan.Symbols.Count);
            using var writer = new TrainingSetWriter(outputPath, featureNames, plan.Symbols, metadata);
            await MergeAndWriteAsync(spill, processor, timeline, writer, ct);
            writer.Close();
            rows = writer.Rows;
            columns = writer.Columns;
        }
        finally
        {
            // A spill of the whole universe takes the kernel seconds to drop: closed (and deleted) off the caller's time.
            _ = Task.Run(spill.Dispose, CancellationToken.None);
        }

        var manifest = plan.Splits is null ? null : SplitPlanner.Plan(plan.Splits, timeline);
        var fitOnTrain = plan.Processors.Where(p => p.FitsOnTrain).ToList();
        if (manifest is not null && fitOnTrain.Count > 0) manifest = await TrainFit.FitAsync(outputPath, manifest, fitOnTrain, featureNames, ct);
        return new TrainingSetResult(rows, columns, timeline.TimestampCount, manifest);
    }

    /// <summary>
    /// The merge and the processors fill the next time block while the writer encodes the one before (three blocks in
    /// turn), so the two stages share the cores instead of taking turns.
    /// </summary>
    private async Task MergeAndWriteAsync(FrameSpill spill, BlockProcessor processor, RowTimeline timeline, TrainingSetWriter writer, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var free = new System.Collections.Concurrent.BlockingCollection<RowBlock>();
        // A block closes at the first timestamp boundary past rowsPerBlock: one timestamp adds at most a row per symbol.
        for (var i = 0; i < 3; i++) free.Add(new RowBlock(spill.FeatureCount, Math.Max(16, rowsPerBlock + spill.Count)));
        var full = System.Threading.Channels.Channel.CreateBounded<RowBlock>(2);
        var filling = Task.Run(async () =>
        {
            try
            {
                foreach (var block in TimeBlockMerger.Merge(spill, rowsPerBlock, () => free.Take(stop.Token)))
                {
                    processor.Apply(block);
                    timeline.Add(block);
                    await full.Writer.WriteAsync(block, stop.Token);
                }
                full.Writer.Complete();
            }
            catch (Exception e)
            {
                full.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var block in full.Reader.ReadAllAsync(stop.Token))
            {
                writer.Write(block);
                block.Clear();
                free.Add(block, CancellationToken.None);
            }
        }
        catch
        {
            await stop.CancelAsync();
            await filling;
            throw;
        }
        await filling;
    }

    /// <summary>
    /// Every symbol's frame into the spill, in plan order: a few symbols load and join side by side (one per core and
    /// one more), so at most that many symbols' inputs are in memory at once.
    /// </summary>
    private static async Task SpillFramesAsync(TrainingSetPlan plan, ITrainingSetSource source, FrameSpill spill, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ahead = Environment.ProcessorCount + 1;
        var loading = new Queue<Task<SymbolFrame>>();
        var next = 0;
        try
        {
            while (next < plan.Symbols.Count || loading.Count > 0)
            {
                while (loading.Count < ahead && next < plan.Symbols.Count)
                {
                    var symbol = plan.Symbols[next++];
                    loading.Enqueue(Task.Run(async () =>
                    {
                        var frame = Frame(plan, await source.LoadAsync(symbol, stop.Token));
                        return plan.DropIncompleteLabels ? frame.WithoutIncompleteLabels() : frame;
                    }, stop.Token));
                }
                spill.Add(await loading.Dequeue());
            }
        }
        catch
        {
            // The first failure stops the rest; none is left running against a source about to be disposed.
            await stop.CancelAsync();
            foreach (var pending in loading)
            {
                try
                {
                    await pending;
                }
                catch (Exception)
                {
                    // Already failing with the first error.
                }
            }
            throw;
        }
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
