using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Storage.Entities;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>
/// The content fingerprint of the grid bars one symbol's rows and label read (<see cref="StoredTrainingSetSource.ReadBarsAsync"/>),
/// kept in the plan-facts cache by series revision like a generate's plan, so a cached training set reads no bars. It
/// hashes the bars themselves (<see cref="SourceFingerprint"/>, volume 0: no label reads it), never a store's counters,
/// so both backends give the same value for the same bars.
/// </summary>
public sealed class GridBarFacts(PlanFactsCache facts, GenerationTelemetry telemetry)
{
    private static string Key(BarSeries series, TrainingSetPlan plan) =>
        $"training-set-bars:{series.Id}@{series.Revision}:{plan.Start}:{plan.End}:{plan.Label.HistoryBars}:{plan.Label.LookaheadBars}";

    /// <summary>The remembered fingerprint over the series as last committed, or null.</summary>
    public async Task<string?> RecallAsync(BarSeries series, TrainingSetPlan plan, CancellationToken ct) =>
        (await facts.FindAsync(Key(series, plan), ct))?.Fingerprint;

    /// <summary>The fingerprint of the grid bars a build has read in its snapshot: remembered, or worked out from them and remembered.</summary>
    public async Task<string> FingerprintAsync(BarSeries series, TrainingSetPlan plan, LabelBars bars, CancellationToken ct)
    {
        if (await RecallAsync(series, plan, ct) is { } known) return known;
        telemetry.BarsRead(bars.Length);
        using var fingerprint = new SourceFingerprint();
        for (var i = 0; i < bars.Length; i++) fingerprint.Append(bars.Timestamps[i], bars.Open[i], bars.High[i], bars.Low[i], bars.Close[i], 0);
        var found = new PlanFacts(bars.Length > 0 ? bars.Timestamps[0] : plan.Start, fingerprint.Finish(), bars.Length, []);
        await facts.SaveAsync(Key(series, plan), series, found);
        return found.Fingerprint;
    }
}
