using Features.PluginSdk;

namespace Features.Plugins.Fundamental.Common;

/// <summary>Facts shared by every plugin of the fundamental pack.</summary>
internal static class FundamentalPack
{
    /// <summary>
    /// The pack's version; bump it when any kernel's output changes. 1.0.1: <c>fundamental.days_since_filing</c> counts
    /// from availability plus <c>lag_days</c>, as its description always said (1.0.0 left the lag out).
    /// </summary>
    public const string Version = "1.0.1";

    public const double MicrosPerDay = 86_400_000_000d;

    /// <summary>The filing facts of the feature's symbol, every version, each delivered with the first bar at whose close it is known.</summary>
    public static readonly EventInput<FundamentalFact> Facts = new("facts", EventKinds.Fundamental);

    /// <summary>
    /// The facts, lagged: a fact known at t reaches the first bar whose close is after t + lag_days. The whole history
    /// (<see cref="EventHistory.All"/>): last year's 10-K is still the latest annual value.
    /// </summary>
    public static EventSeriesRequest Request(int lagDays) => Facts.For(latency: TimeSpan.FromDays(lagDays), history: EventHistory.All);

    public static DateTime Date(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary><c>us-gaap:Revenues</c> and <c>Revenues</c> name the same tag (the store keeps tags without a prefix).</summary>
    public static string Tag(string tag)
    {
        var colon = tag.IndexOf(':');
        return colon >= 0 ? tag[(colon + 1)..] : tag;
    }
}

/// <summary>The shared <c>lag_days</c> parameter: <c>[LagDays] public int LagDays { get; init; }</c>.</summary>
internal sealed class LagDaysAttribute : ParameterAttribute
{
    public LagDaysAttribute() : base("Availability lag in days on top of the filing rule (acceptance; after 17:30 US Eastern the next business day): a fact reaches the first bar whose close is after that plus lag_days.")
    {
        Minimum = 0;
        Maximum = 3650;
    }
}

/// <summary>The shared <c>tag</c> parameter: a required XBRL tag (<c>Revenues</c> or <c>us-gaap:Revenues</c>).</summary>
internal sealed class TagAttribute() : ParameterAttribute("The XBRL tag, e.g. Revenues, NetIncomeLoss, EarningsPerShareDiluted, StockholdersEquity (a prefix such as us-gaap: is ignored); required.");

/// <summary>
/// A kernel over filing facts: each bar adds the facts delivered with it to a <see cref="FactBook"/> and, only when some
/// arrived, recomputes what it derives from the book (<see cref="Refresh"/>); <see cref="Write"/> then fills the bar.
/// </summary>
internal abstract class FactKernel(OutputList outputs, IEventStream<FundamentalFact> facts) : FeatureKernel(outputs)
{
    protected FactBook Book { get; } = new();

    /// <summary>The latest filing delivered so far: its availability (µs) and form; null before the first.</summary>
    protected (long AvailableAt, string Form)? LatestFiling { get; private set; }

    protected sealed override void Compute(in BarSpans bars, in KernelOutputs outputs)
    {
        var timestamps = bars.Timestamp;
        for (var i = 0; i < timestamps.Length; i++)
        {
            var delivered = facts.Take(timestamps[i]);
            foreach (var fact in delivered)
            {
                Book.Add(FundamentalPack.Tag(fact.Tag), FundamentalPack.Date(fact.PeriodEnd), fact.Quarters, fact.Value);
                if (LatestFiling is not { } latest || fact.AvailableAt >= latest.AvailableAt) LatestFiling = (fact.AvailableAt, fact.Form);
            }
            if (delivered.Length > 0) Refresh();
            Write(i, bars, outputs);
        }
    }

    /// <summary>Recomputes what the bar values derive from the book (called only when facts arrived).</summary>
    protected abstract void Refresh();

    protected abstract void Write(int i, in BarSpans bars, in KernelOutputs outputs);
}
