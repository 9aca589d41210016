namespace Features.PluginSdk;

/// <summary>An <see cref="IAuxiliarySeries"/> over bars held in memory (tests, small macro series).</summary>
public sealed class SeriesCursor(string symbol, string timeframe, IReadOnlyList<Bar> bars) : IAuxiliarySeries
{
    private int _next;

    /// <inheritdoc />
    public string Symbol { get; } = symbol;
    /// <inheritdoc />
    public string Timeframe { get; } = timeframe;

    /// <inheritdoc />
    public bool TryPeek(out Bar bar)
    {
        if (_next < bars.Count)
        {
            bar = bars[_next];
            return true;
        }
        bar = default;
        return false;
    }

    /// <inheritdoc />
    public void Advance() => _next++;
}
