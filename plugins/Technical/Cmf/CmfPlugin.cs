using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Cmf;

/// <summary>Chaikin Money Flow.</summary>
public sealed class CmfPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("money_flow_multiplier", "((C-L)-(H-C))/(H-L), -1..1; 0 when H = L."),
        OutputColumn.Float("money_flow_volume", "money_flow_multiplier * volume."),
        OutputColumn.Float("cmf", "Sum of money flow volume over `period` bars / sum of volume; null when the volume sum is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.cmf",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Chaikin Money Flow. Money flow multiplier ((C-L)-(H-C))/(H-L) (0 when H = L), money flow volume = " +
                      "multiplier*volume; CMF = sum(MFV, period)/sum(volume, period), null when the volume sum is 0.",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close", "volume"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new CmfKernel(context.Parameters.GetInt32("period"));

    private sealed class CmfKernel(int period) : BarKernel(Outputs)
    {
        private readonly MoneyFlowLine _flow = new();
        private readonly RollingSum _flowVolume = new(period);
        private readonly RollingSum _volume = new(period);
        private readonly RollingCount _traded = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            for (var i = 0; i < close.Length; i++)
            {
                _flow.Add(high[i], low[i], close[i], volume[i]);
                _flowVolume.Add(_flow.FlowVolume);
                _volume.Add(volume[i]);
                _traded.Add(volume[i] != 0);
                outputs[0][i] = _flow.Multiplier;
                outputs[1][i] = _flow.FlowVolume;
                var volumeSum = _volume.Sum;
                outputs[2][i] = !_volume.IsFull || _traded.Count == 0 || volumeSum == 0 ? double.NaN : _flowVolume.Sum / volumeSum;
            }
        }
    }
}
