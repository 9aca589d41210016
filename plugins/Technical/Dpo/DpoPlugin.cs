using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Dpo;

/// <summary>The parameters of <see cref="DpoPlugin"/>.</summary>
public sealed class DpoParameters
{
    [Parameter("SMA lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Detrended Price Oscillator (centred, so it reads later bars).</summary>
public sealed class DpoPlugin() : FeaturePlugin<DpoParameters>(TechnicalPack.Describe("technical.dpo", Outputs, ["close"],
    warmup: "period - floor(period/2) - 2 bars (the SMA ending offset bars later must exist)",
    lookAhead: "floor(period/2) + 1 bars: row t needs the SMA ending at bar t + offset",
    description: "Detrended Price Oscillator: with offset = floor(period/2) + 1, dpo[t] = close[t] - SMA(period)[t + offset] " +
                 "and sma[t] = SMA(period)[t + offset]. Centred by definition: it reads `offset` later bars, so the last " +
                 "`offset` rows of a series are null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Dpo = Outputs.Float("dpo", "close - sma, the SMA taken period/2+1 bars later.");
    private static readonly FloatOutput Sma = Outputs.Float("sma", "The SMA(period) of the close at bar t + period/2 + 1.", OutputUnit.Price);

    protected override int WarmupBars(DpoParameters p)
    {
        var period = p.Period;
        return Math.Max(0, period - 1 - (period / 2 + 1));
    }

    protected override int LookAheadBars(DpoParameters p) => p.Period / 2 + 1;

    protected override IFeatureKernel CreateKernel(DpoParameters p, KernelContext context) => new DpoKernel(p.Period);

    private sealed class DpoKernel(int period) : DeferredFeatureKernel(Outputs)
    {
        private readonly int _offset = period / 2 + 1;
        private readonly RollingSum _sma = new(period);
        // The held rows: the outputs, then the row's own close as scratch cell 0.
        private const int CloseScratch = 0;
        private readonly PendingRows _rows = new(Outputs, period / 2 + 2, scratch: 1);

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                var c = bars.Close[i];
                var row = _rows.Add();
                _rows.Scratch(row, CloseScratch) = c;
                _sma.Add(c);
                var target = row - _offset;
                if (target < 0) continue;
                if (_sma.IsFull)
                {
                    var sma = _sma.Mean;
                    _rows[target, Dpo] = _rows.Scratch(target, CloseScratch) - sma;
                    _rows[target, Sma] = sma;
                }
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
