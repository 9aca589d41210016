using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Uo;

/// <summary>The parameters of <see cref="UoPlugin"/>.</summary>
public sealed class UoParameters
{
    [Parameter("Short window, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int ShortPeriod { get; init; } = 7;

    [Parameter("Middle window, in bars; greater than short_period.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int MiddlePeriod { get; init; } = 14;

    [Parameter("Long window, in bars; greater than middle_period.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int LongPeriod { get; init; } = 28;
}

/// <summary>Ultimate Oscillator.</summary>
public sealed class UoPlugin() : FeaturePlugin<UoParameters>(TechnicalPack.Describe("technical.uo", Outputs, ["high", "low", "close"],
    warmup: "long_period bars (the first value is at bar index `long_period`)",
    description: "Ultimate Oscillator (Williams): buying pressure BP = C - min(L, Cprev), TR = max(H, Cprev) - min(L, Cprev); " +
                 "A_n = sum(BP)/sum(TR) over n bars for the short, middle and long windows; UO = 100*(4*A_short + 2*A_middle + A_long)/7. " +
                 "The first bar contributes nothing; null while any TR sum is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Ultimate = Outputs.Float("ultimate", "Ultimate Oscillator, 0..100.");

    protected override int WarmupBars(UoParameters p) => p.LongPeriod;

    protected override IEnumerable<ParameterError> Validate(UoParameters p)
    {
        if (p.ShortPeriod >= p.MiddlePeriod)
            yield return Error(nameof(p.MiddlePeriod), $"{NameOf(nameof(p.MiddlePeriod))} must be greater than {NameOf(nameof(p.ShortPeriod))}");
        if (p.MiddlePeriod >= p.LongPeriod)
            yield return Error(nameof(p.LongPeriod), $"{NameOf(nameof(p.LongPeriod))} must be greater than {NameOf(nameof(p.MiddlePeriod))}");
    }

    protected override IFeatureKernel CreateKernel(UoParameters p, KernelContext context) => new UoKernel(
        p.ShortPeriod, p.MiddlePeriod, p.LongPeriod);

    private sealed class UoKernel(int shortPeriod, int middlePeriod, int longPeriod) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _bpShort = new(shortPeriod), _trShort = new(shortPeriod);
        private readonly RollingSum _bpMiddle = new(middlePeriod), _trMiddle = new(middlePeriod);
        private readonly RollingSum _bpLong = new(longPeriod), _trLong = new(longPeriod);
        private long _index = -1;
        private double _previousClose;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var uo = outputs[Ultimate];
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                double l = bars.Low[i], c = bars.Close[i];
                double bp = 0, tr = 0;
                if (_index > 0)
                {
                    bp = c - Math.Min(l, _previousClose);
                    tr = Math.Max(bars.High[i], _previousClose) - Math.Min(l, _previousClose);
                }
                _previousClose = c;
                _bpShort.Add(bp); _trShort.Add(tr);
                _bpMiddle.Add(bp); _trMiddle.Add(tr);
                _bpLong.Add(bp); _trLong.Add(tr);

                uo[i] = double.NaN;
                if (_index < longPeriod) continue;
                double t1 = _trShort.Sum, t2 = _trMiddle.Sum, t3 = _trLong.Sum;
                if (t1 == 0 || t2 == 0 || t3 == 0) continue;
                uo[i] = 100d * (4d * (_bpShort.Sum / t1) + 2d * (_bpMiddle.Sum / t2) + _bpLong.Sum / t3) / 7d;
            }
        }
    }
}
