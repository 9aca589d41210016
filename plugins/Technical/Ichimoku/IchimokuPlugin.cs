using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Ichimoku;

/// <summary>Ichimoku Cloud (its chikou span reads later bars).</summary>
public sealed class IchimokuPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("tenkan_sen", "Conversion line: (HH+LL)/2 over tenkan_period bars."),
        OutputColumn.Float("kijun_sen", "Base line: (HH+LL)/2 over kijun_period bars."),
        OutputColumn.Float("senkou_span_a", "Leading span A: (tenkan+kijun)/2 from senkou_offset bars earlier."),
        OutputColumn.Float("senkou_span_b", "Leading span B: (HH+LL)/2 over senkou_b_period bars, from senkou_offset bars earlier."),
        OutputColumn.Float("chikou_span", "Lagging span: the close chikou_offset bars later (null at the end of a series)."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.ichimoku",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Ichimoku Cloud. Tenkan/kijun = midpoint of the highest high and lowest low over their periods (current bar " +
                      "included). Senkou A at t = (tenkan+kijun)/2 at t - senkou_offset, from bar max(2*senkou_offset, tenkan_period, " +
                      "kijun_period) - 1 on; senkou B at t = midpoint over senkou_b_period bars ending at t - senkou_offset. " +
                      "Chikou at t = close at t + chikou_offset: it reads later bars, so the last chikou_offset rows are null.",
        Parameters =
        [
            ParameterSpec.Integer("tenkan_period", 9, 1, TechnicalPack.MaxPeriod, "Conversion line lookback, in bars."),
            ParameterSpec.Integer("kijun_period", 26, 1, TechnicalPack.MaxPeriod, "Base line lookback, in bars."),
            ParameterSpec.Integer("senkou_b_period", 52, 1, TechnicalPack.MaxPeriod, "Leading span B lookback, in bars."),
            ParameterSpec.Integer("senkou_offset", 26, 0, TechnicalPack.MaxPeriod, "Bars the leading spans are shifted forward."),
            ParameterSpec.Integer("chikou_offset", 26, 1, TechnicalPack.MaxPeriod, "Bars the lagging span is shifted back."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "max(senkou_offset + senkou_b_period - 1, max(2*senkou_offset, tenkan_period, kijun_period, " +
                     "senkou_offset + max(tenkan_period, kijun_period)) - 1) bars",
        LookAheadRule = "chikou_offset bars: chikou_span at t is the close at t + chikou_offset",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var p = parameters;
        int t = p.GetInt32("tenkan_period"), k = p.GetInt32("kijun_period"), b = p.GetInt32("senkou_b_period"), so = p.GetInt32("senkou_offset");
        var spanA = Math.Max(Math.Max(2 * so, Math.Max(t, k)), so + Math.Max(t, k)) - 1;
        return Math.Max(so + b - 1, spanA);
    }

    public int LookAheadBars(ParameterValues parameters) => parameters.GetInt32("chikou_offset");

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new IchimokuKernel(p.GetInt32("tenkan_period"), p.GetInt32("kijun_period"), p.GetInt32("senkou_b_period"),
            p.GetInt32("senkou_offset"), p.GetInt32("chikou_offset"));
    }

    private sealed class IchimokuKernel(int tenkan, int kijun, int senkouB, int senkouOffset, int chikouOffset) : DeferredKernel(Outputs)
    {
        private readonly RollingExtreme _tenkanHigh = new(tenkan, true), _tenkanLow = new(tenkan, false);
        private readonly RollingExtreme _kijunHigh = new(kijun, true), _kijunLow = new(kijun, false);
        private readonly RollingExtreme _spanBHigh = new(senkouB, true), _spanBLow = new(senkouB, false);
        // The last senkou_offset+1 values of (tenkan+kijun)/2 and the span-B midpoint, to shift them forward.
        private readonly double[] _spanA = new double[senkouOffset + 1];
        private readonly double[] _spanB = new double[senkouOffset + 1];
        private readonly int _spanAStart = Math.Max(2 * senkouOffset, Math.Max(tenkan, kijun)) - 1;
        private readonly PendingRows _rows = new(5, chikouOffset + 1);

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                double h = bars.High[i], l = bars.Low[i];
                var row = _rows.Add();
                _tenkanHigh.Add(h); _tenkanLow.Add(l);
                _kijunHigh.Add(h); _kijunLow.Add(l);
                _spanBHigh.Add(h); _spanBLow.Add(l);

                var tenkanSen = _tenkanHigh.IsFull ? (_tenkanHigh.Value + _tenkanLow.Value) / 2 : double.NaN;
                var kijunSen = _kijunHigh.IsFull ? (_kijunHigh.Value + _kijunLow.Value) / 2 : double.NaN;
                var slot = (int)(row % (senkouOffset + 1));
                _spanA[slot] = (tenkanSen + kijunSen) / 2;
                _spanB[slot] = _spanBHigh.IsFull ? (_spanBHigh.Value + _spanBLow.Value) / 2 : double.NaN;

                _rows[row, 0] = tenkanSen;
                _rows[row, 1] = kijunSen;
                if (row >= senkouOffset)
                {
                    var shifted = (int)((row - senkouOffset) % (senkouOffset + 1));
                    if (row >= _spanAStart) _rows[row, 2] = _spanA[shifted];
                    _rows[row, 3] = _spanB[shifted];
                }

                var lagged = row - chikouOffset;
                if (lagged < 0) continue;
                _rows[lagged, 4] = bars.Close[i];
                Release();
            }
        }

        protected override void Finish()
        {
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.Oldest);
            _rows.RemoveOldest();
        }
    }
}
