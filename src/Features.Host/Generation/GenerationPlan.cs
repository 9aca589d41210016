using Features.Host.Events;
using Features.Host.MarketData;
using Features.Host.Storage.Entities;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>What one generate reads: its main series over [Start, End) after Warmup bars, then its other inputs in order.</summary>
/// <remarks>
/// Event inputs (news items, filings) come after the auxiliary series: each adds its own part to the plan-cache key and
/// its events to the fingerprint after the bars, and reaches the kernel as an <see cref="EventFeed"/> (docs/EVENTS.md).
/// </remarks>
public sealed record PlanInputs(BarSeries Series, long Start, long End, int Warmup, IReadOnlyList<AuxiliaryInput> Auxiliary,
    IReadOnlyList<EventPlanInput>? EventInputs = null)
{
    /// <summary>The event inputs, in the plugin's order (none for most plugins).</summary>
    public IReadOnlyList<EventPlanInput> Events => EventInputs ?? [];

    /// <summary>Inputs read after the main series, in fingerprint order.</summary>
    public IEnumerable<IPlanInput> Others => Auxiliary;

    /// <summary>
    /// A series' bars only change with its revision, so (series, revision, range, warm-up, other inputs' revisions)
    /// fixes the bars a plan reads and their fingerprint. The format is stored in plan_facts: keep it.
    /// </summary>
    public string CacheKey => $"{Series.Id}@{Series.Revision}:{Start}:{End}:{Warmup}" + string.Concat(Others.Select(i => i.CacheKey))
        + string.Concat(Events.Select(e => e.CacheKey));
}

/// <summary>An input a plan reads whole up to the end of the range, after the main series.</summary>
public interface IPlanInput
{
    /// <summary>Its part of the plan-cache key: changes whenever its content does.</summary>
    string CacheKey { get; }

    /// <summary>How many bars (or items) it contributes to a generate up to <paramref name="end"/>.</summary>
    Task<long> CountAsync(BarSnapshot snapshot, long end, CancellationToken ct);

    /// <summary>Appends its content up to <paramref name="end"/> to the fingerprint.</summary>
    Task AppendAsync(BarSnapshot snapshot, SourceFingerprint fingerprint, long end, CancellationToken ct);
}

/// <summary>A series a plugin names in its parameters (a macro print, a benchmark), read from its first bar.</summary>
public sealed record AuxiliaryInput(AuxiliarySeriesRequest Request, BarSeries Series) : IPlanInput
{
    public string CacheKey => $"|{Series.Id}@{Series.Revision}";

    public Task<long> CountAsync(BarSnapshot snapshot, long end, CancellationToken ct) => snapshot.CountAsync(Series.Id, long.MinValue, end, ct);

    public async Task AppendAsync(BarSnapshot snapshot, SourceFingerprint fingerprint, long end, CancellationToken ct)
    {
        await foreach (var block in snapshot.ReadAsync(Series.Id, long.MinValue, end, GenerationPlanner.BatchRows, ct)) fingerprint.Append(block);
    }

    /// <summary>The bars up to <paramref name="end"/> in memory: auxiliary series are short next to the main one.</summary>
    public async Task<IReadOnlyList<Bar>> LoadAsync(BarSnapshot snapshot, long end, CancellationToken ct)
    {
        var bars = new List<Bar>();
        await foreach (var block in snapshot.ReadAsync(Series.Id, long.MinValue, end, GenerationPlanner.BatchRows, ct))
        {
            for (var i = 0; i < block.Count; i++) bars.Add(new Bar(block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]));
        }
        return bars;
    }
}

/// <summary>What a plan found over the current revisions: where reading starts, how many bars, their fingerprint.</summary>
public sealed record PlanFacts(long ReadFrom, string Fingerprint, long BarsRead, string[] Notes);

/// <summary>A planned generate: its inputs and their facts, and how long planning took (for the log line).</summary>
public sealed record GenerationPlan(PlanInputs Inputs, PlanFacts Facts, List<string> Notes, TimeSpan Elapsed, TimeSpan FingerprintPass)
{
    public long ReadFrom => Facts.ReadFrom;
    public string Fingerprint => Facts.Fingerprint;
    public long BarsRead => Facts.BarsRead;
}
