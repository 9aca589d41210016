using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Dpo;

/// <summary>Detrended Price Oscillator (centred, so it reads later bars).</summary>
public sealed class DpoPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("dpo", "close - sma, the SMA taken period/2+1 bars later."),
        OutputColumn.Float("sma", "The SMA(period) of the close at bar t + period/2 + 1."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.dpo",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Detrended Price Oscillator: with offset = floor(period/2) + 1, dpo[t] = close[t] - SMA(period)[t + offset] " +
                      "and sma[t] = SMA(period)[t + offset]. Centred by definition: it reads `offset` later bars, so the last " +
                      "`offset` rows of a series are null.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "SMA lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - floor(period/2) - 2 bars (the SMA ending offset bars later must exist)",
        LookAheadRule = "floor(period/2) + 1 bars: row t needs the SMA ending at bar t + offset",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var period = parameters.GetInt32("period");
        return Math.Max(0, period - 1 - (period / 2 + 1));
    }

    public int LookAheadBars(ParameterValues parameters) => parameters.GetInt32("period") / 2 + 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new DpoKernel(context.Parameters.GetInt32("period"));

    private sealed class DpoKernel(int period) : DeferredKernel(Outputs)
    {
        private readonly int _offset = period / 2 + 1;
        private readonly RollingSum _sma = new(period);
        // Columns: dpo, sma, then the row's own close.
        private readonly PendingRows _rows = new(3, period / 2 + 2);

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                var c = bars.Close[i];
                var row = _rows.Add();
                _rows[row, 2] = c;
                _sma.Add(c);
                var target = row - _offset;
                if (target < 0) continue;
                if (_sma.IsFull)
                {
                    var sma = _sma.Mean;
                    _rows[target, 0] = _rows[target, 2] - sma;
                    _rows[target, 1] = sma;
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
            Emit(_rows.Oldest[..2]);
            _rows.RemoveOldest();
        }
    }
}
