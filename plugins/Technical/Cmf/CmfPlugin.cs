using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Cmf;

/// <summary>The parameters of <see cref="CmfPlugin"/>.</summary>
public sealed class CmfParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Chaikin Money Flow.</summary>
public sealed class CmfPlugin() : FeaturePlugin<CmfParameters>(TechnicalPack.Describe("technical.cmf", Outputs, ["high", "low", "close", "volume"],
    warmup: "period - 1 bars",
    description: "Chaikin Money Flow. Money flow multiplier ((C-L)-(H-C))/(H-L) (0 when H = L), money flow volume = " +
                 "multiplier*volume; CMF = sum(MFV, period)/sum(volume, period), null when the volume sum is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput MoneyFlowMultiplier = Outputs.Float("money_flow_multiplier", "((C-L)-(H-C))/(H-L), -1..1; 0 when H = L.");
    private static readonly FloatOutput MoneyFlowVolume = Outputs.Float("money_flow_volume", "money_flow_multiplier * volume.");
    private static readonly FloatOutput Cmf = Outputs.Float("cmf", "Sum of money flow volume over `period` bars / sum of volume; null when the volume sum is 0.");

    protected override int WarmupBars(CmfParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(CmfParameters p, KernelContext context) => new CmfKernel(p.Period);

    private sealed class CmfKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly MoneyFlowLine _flow = new();
        private readonly RollingSum _flowVolume = new(period);
        private readonly RollingSum _volume = new(period);
        private readonly RollingCount _traded = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            Span<double> multiplier = outputs[MoneyFlowMultiplier], flowVolume = outputs[MoneyFlowVolume], cmf = outputs[Cmf];
            for (var i = 0; i < close.Length; i++)
            {
                _flow.Add(high[i], low[i], close[i], volume[i]);
                _flowVolume.Add(_flow.FlowVolume);
                _volume.Add(volume[i]);
                _traded.Add(volume[i] != 0);
                multiplier[i] = _flow.Multiplier;
                flowVolume[i] = _flow.FlowVolume;
                var volumeSum = _volume.Sum;
                cmf[i] = !_volume.IsFull || _traded.Count == 0 || volumeSum == 0 ? double.NaN : _flowVolume.Sum / volumeSum;
            }
        }
    }
}
