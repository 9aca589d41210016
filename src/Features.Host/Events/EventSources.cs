using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage.Entities;
using Features.PluginSdk;

namespace Features.Host.Events;

/// <summary>The registered <see cref="IEventSource"/>s by kind, and the session calendar that aligns events to bars.</summary>
public sealed class EventSources(IEnumerable<IEventSource> sources, SessionCalendar calendar)
{
    private readonly Dictionary<string, IEventSource> _byKind = sources.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    public SessionCalendar Calendar => calendar;

    /// <summary>The plan inputs of a plugin's event requests, in its order, at the sources' current revisions.</summary>
    public async Task<IReadOnlyList<EventPlanInput>> ResolveAsync(ISeriesCatalog catalog, LoadedPlugin plugin, ParameterValues parameters,
        BarSeries series, CancellationToken ct)
    {
        var requests = PluginCalls.Call(plugin, () => plugin.Plugin.EventSeries(parameters).ToList());
        if (requests.Count == 0) return [];
        var barClose = calendar.BarClose(series.Timeframe);
        var inputs = new List<EventPlanInput>(requests.Count);
        foreach (var request in requests)
        {
            if (!_byKind.TryGetValue(request.Kind, out var source))
            {
                throw PluginCalls.Failure(plugin, $"asked for events of kind '{request.Kind}', which this host has no source for (it has: {string.Join(", ", _byKind.Keys.Order())})");
            }
            var symbol = request.Symbol ?? series.Symbol;
            inputs.Add(new EventPlanInput(request, symbol, source, await source.RevisionAsync(catalog, symbol, ct), barClose));
        }
        return inputs;
    }
}
