using Features.Plugins.News.Common;
using Features.PluginSdk;

namespace Features.Plugins.News.AbnormalVolume;

/// <summary>The parameters of <see cref="AbnormalVolumePlugin"/>.</summary>
public sealed class AbnormalVolumeParameters : NewsParameters
{
    [Parameter("Bars of history the bar's news volume is compared with (the bars before it).", Minimum = 2, Maximum = 10_000)]
    public int Window { get; init; } = 20;
}

/// <summary>How unusual the bar's news volume is against the bars before it.</summary>
public sealed class AbnormalVolumePlugin() : FeaturePlugin<AbnormalVolumeParameters>(new()
{
    Key = "news.abnormal_volume",
    Type = FeatureType.News,
    Version = NewsPack.Version,
    Description = "Abnormal news volume: x = log(1 + count), count as news.count gives it; abnormal = x minus the mean of x over the " +
                  "`window` bars before this one, zscore = abnormal divided by their sample standard deviation (null when it is 0). " +
                  "Null until `window` earlier bars exist. " + NewsPack.Delivery,
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "window bars",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Abnormal = Outputs.Float("abnormal", "log(1 + count) minus its mean over the previous `window` bars.");
    private static readonly FloatOutput ZScore = Outputs.Float("zscore", "abnormal divided by the sample standard deviation of log(1 + count) over the previous `window` bars; null when that is 0.");

    protected override int WarmupBars(AbnormalVolumeParameters p) => p.Window;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(AbnormalVolumeParameters p) => [NewsPack.Items.For(latency: p.Latency.Value)];

    protected override IFeatureKernel CreateKernel(AbnormalVolumeParameters p, KernelContext context) =>
        new Kernel(NewsPack.Items.Open(context), p.MinRelevance, p.Window);

    private sealed class Kernel(IEventStream<NewsItem> news, double minRelevance, int window) : FeatureKernel(Outputs)
    {
        private readonly double[] _history = new double[window];
        private int _seen;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> abnormal = outputs[Abnormal], zscore = outputs[ZScore];
            for (var i = 0; i < bars.Length; i++)
            {
                var x = Math.Log(1 + NewsPack.CountAt(news, bars.Timestamp[i], minRelevance));
                abnormal[i] = zscore[i] = double.NaN;
                if (_seen >= window)
                {
                    // Summed from the window each time (window is small): exact whatever the batching or start.
                    double mean = 0, squares = 0;
                    foreach (var h in _history) mean += h;
                    mean /= window;
                    foreach (var h in _history) squares += (h - mean) * (h - mean);
                    var sd = Math.Sqrt(squares / (window - 1));
                    abnormal[i] = x - mean;
                    zscore[i] = sd > 1e-12 ? (x - mean) / sd : double.NaN;
                }
                _history[_seen % window] = x;
                _seen++;
            }
        }
    }
}
