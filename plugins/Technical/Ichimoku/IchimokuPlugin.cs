using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Ichimoku;

/// <summary>The parameters of <see cref="IchimokuPlugin"/>.</summary>
public sealed class IchimokuParameters
{
    [Parameter("Conversion line lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int TenkanPeriod { get; init; } = 9;

    [Parameter("Base line lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int KijunPeriod { get; init; } = 26;

    [Parameter("Leading span B lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SenkouBPeriod { get; init; } = 52;

    [Parameter("Bars the leading spans are shifted forward.", Minimum = 0, Maximum = TechnicalPack.MaxPeriod)]
    public int SenkouOffset { get; init; } = 26;

    [Parameter("Bars the lagging span is shifted back.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int ChikouOffset { get; init; } = 26;
}

/// <summary>Ichimoku Cloud (its chikou span reads later bars).</summary>
public sealed class IchimokuPlugin() : FeaturePlugin<IchimokuParameters>(TechnicalPack.Describe("technical.ichimoku", Outputs, ["high", "low", "close"],
    warmup: "max(senkou_offset + senkou_b_period - 1, max(2*senkou_offset, tenkan_period, kijun_period, " +
            "senkou_offset + max(tenkan_period, kijun_period)) - 1) bars",
    lookAhead: "chikou_offset bars: chikou_span at t is the close at t + chikou_offset",
    description: "Ichimoku Cloud. Tenkan/kijun = midpoint of the highest high and lowest low over their periods (current bar " +
                 "included). Senkou A at t = (tenkan+kijun)/2 at t - senkou_offset, from bar max(2*senkou_offset, tenkan_period, " +
                 "kijun_period) - 1 on; senkou B at t = midpoint over senkou_b_period bars ending at t - senkou_offset. " +
                 "Chikou at t = close at t + chikou_offset: it reads later bars, so the last chikou_offset rows are null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput TenkanSen = Outputs.Float("tenkan_sen", "Conversion line: (HH+LL)/2 over tenkan_period bars.", OutputUnit.Price);
    private static readonly FloatOutput KijunSen = Outputs.Float("kijun_sen", "Base line: (HH+LL)/2 over kijun_period bars.", OutputUnit.Price);
    private static readonly FloatOutput SenkouSpanA = Outputs.Float("senkou_span_a", "Leading span A: (tenkan+kijun)/2 from senkou_offset bars earlier.", OutputUnit.Price);
    private static readonly FloatOutput SenkouSpanB = Outputs.Float("senkou_span_b", "Leading span B: (HH+LL)/2 over senkou_b_period bars, from senkou_offset bars earlier.", OutputUnit.Price);
    private static readonly FloatOutput ChikouSpan = Outputs.Float("chikou_span", "Lagging span: the close chikou_offset bars later (null at the end of a series).", OutputUnit.Price);

    protected override int WarmupBars(IchimokuParameters p)
    {
        int t = p.TenkanPeriod, k = p.KijunPeriod, b = p.SenkouBPeriod, so = p.SenkouOffset;
        var spanA = Math.Max(Math.Max(2 * so, Math.Max(t, k)), so + Math.Max(t, k)) - 1;
        return Math.Max(so + b - 1, spanA);
    }

    protected override int LookAheadBars(IchimokuParameters p) => p.ChikouOffset;

    protected override IFeatureKernel CreateKernel(IchimokuParameters p, KernelContext context)
    {
        return new IchimokuKernel(p.TenkanPeriod, p.KijunPeriod, p.SenkouBPeriod,
            p.SenkouOffset, p.ChikouOffset);
    }

    private sealed class IchimokuKernel(int tenkan, int kijun, int senkouB, int senkouOffset, int chikouOffset) : DeferredFeatureKernel(Outputs)
    {
        private readonly RollingExtreme _tenkanHigh = new(tenkan, true), _tenkanLow = new(tenkan, false);
        private readonly RollingExtreme _kijunHigh = new(kijun, true), _kijunLow = new(kijun, false);
        private readonly RollingExtreme _spanBHigh = new(senkouB, true), _spanBLow = new(senkouB, false);
        // The last senkou_offset+1 values of (tenkan+kijun)/2 and the span-B midpoint, to shift them forward.
        private readonly double[] _spanA = new double[senkouOffset + 1];
        private readonly double[] _spanB = new double[senkouOffset + 1];
        private readonly int _spanAStart = Math.Max(2 * senkouOffset, Math.Max(tenkan, kijun)) - 1;
        private readonly PendingRows _rows = new(Outputs, chikouOffset + 1);

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

                _rows[row, TenkanSen] = tenkanSen;
                _rows[row, KijunSen] = kijunSen;
                if (row >= senkouOffset)
                {
                    var shifted = (int)((row - senkouOffset) % (senkouOffset + 1));
                    if (row >= _spanAStart) _rows[row, SenkouSpanA] = _spanA[shifted];
                    _rows[row, SenkouSpanB] = _spanB[shifted];
                }

                var lagged = row - chikouOffset;
                if (lagged < 0) continue;
                _rows[lagged, ChikouSpan] = bars.Close[i];
                Release();
            }
        }

        protected override void Finish()
        {
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.OldestOutputs);
            _rows.RemoveOldest();
        }
    }
}
