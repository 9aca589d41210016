using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Macd;

/// <summary>The parameters of <see cref="MacdPlugin"/>.</summary>
public sealed class MacdParameters
{
    [Parameter("Lookback of the fast EMA, in bars; less than slow_period.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 12;

    [Parameter("Lookback of the slow EMA, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 26;

    [Parameter("Lookback of the signal EMA of the MACD, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 9;
}

/// <summary>Moving Average Convergence/Divergence of the close.</summary>
public sealed class MacdPlugin() : FeaturePlugin<MacdParameters>(TechnicalPack.Describe("technical.macd", Outputs, ["close"],
    warmup: "slow_period + signal_period - 2 bars",
    description: "MACD: EMA(fast_period) - EMA(slow_period) of the close, with a signal line EMA(signal_period) of the " +
                 "MACD and histogram = macd - signal. Every EMA uses k = 2/(n+1) and is seeded with the simple mean of " +
                 "its first n inputs: fast_ema from bar fast_period-1, slow_ema and macd from bar slow_period-1, signal " +
                 "and histogram from bar slow_period+signal_period-2."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Macd = Outputs.Float("macd", "fast_ema - slow_ema.");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "EMA(signal_period) of macd.");
    private static readonly FloatOutput Histogram = Outputs.Float("histogram", "macd - signal.");
    private static readonly FloatOutput FastEma = Outputs.Float("fast_ema", "EMA(fast_period) of the close.", OutputUnit.Price);
    private static readonly FloatOutput SlowEma = Outputs.Float("slow_ema", "EMA(slow_period) of the close.", OutputUnit.Price);

    protected override int WarmupBars(MacdParameters p) => p.SlowPeriod + p.SignalPeriod - 2;

    protected override IEnumerable<ParameterError> Validate(MacdParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
        {
            yield return Error(nameof(p.FastPeriod), $"'{NameOf(nameof(p.FastPeriod))}' must be less than '{NameOf(nameof(p.SlowPeriod))}'");
        }
    }

    protected override IFeatureKernel CreateKernel(MacdParameters p, KernelContext context) =>
        new MacdKernel(p.FastPeriod, p.SlowPeriod, p.SignalPeriod);

    private sealed class MacdKernel(int fastPeriod, int slowPeriod, int signalPeriod) : FeatureKernel(Outputs)
    {
        private readonly ReseedingEma _fast = new(fastPeriod, 2.0 / (fastPeriod + 1));
        private readonly ReseedingEma _slow = new(slowPeriod, 2.0 / (slowPeriod + 1));
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1), currentFirst: true);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> macd = outputs[Macd], signal = outputs[Signal], histogram = outputs[Histogram];
            Span<double> fastEma = outputs[FastEma], slowEma = outputs[SlowEma];
            var i = 0;
            while (i < close.Length)
            {
                if (double.IsNaN(_fast.Value + _slow.Value + _signal.Value))
                {
                    // Warm-up or a gap: bar by bar, seeding as the reference does.
                    _index++;
                    var fast = _fast.Add(close[i], _index >= fastPeriod - 1);
                    var slow = _slow.Add(close[i], _index >= slowPeriod - 1);
                    var m = fast - slow;
                    var sig = _signal.Add(m, _index >= signalPeriod + slowPeriod - 2);
                    macd[i] = m;
                    signal[i] = sig;
                    histogram[i] = m - sig;
                    fastEma[i] = fast;
                    slowEma[i] = slow;
                    i++;
                    continue;
                }
                // All three EMAs have values, so each bar is just the three EMA steps Add would take: a loop with
                // the values in registers, then the rings filled once. It stops once a value turns NaN (a NaN input).
                var start = i;
                var (f, s, g) = (_fast.Value, _slow.Value, _signal.Value);
                i += SteadyRun(close[start..], macd[start..], signal[start..], histogram[start..],
                    fastEma[start..], slowEma[start..], (_fast.K, _slow.K, _signal.K), ref f, ref s, ref g);
                _index += i - start;
                _fast.Resume(f, close[start..i]);
                _slow.Resume(s, close[start..i]);
                _signal.Resume(g, macd[start..i]);
            }
        }

        // A method of its own with nothing but the loop, so the JIT keeps the three values in registers (inside
        // Compute it spilled two of them to the stack every bar, on their dependency chains). Returns the bars done.
        private static int SteadyRun(ReadOnlySpan<double> close, Span<double> macd, Span<double> signal, Span<double> histogram,
            Span<double> fastEma, Span<double> slowEma, (double Fast, double Slow, double Signal) k, ref double fastValue,
            ref double slowValue, ref double signalValue)
        {
            var (f, s, g) = (fastValue, slowValue, signalValue);
            var (kFast, kSlow, kSignal) = k;
            var i = 0;
            for (; i < close.Length && !double.IsNaN(f + s + g); i++)
            {
                var x = close[i];
                f += kFast * (x - f);
                s += kSlow * (x - s);
                var m = f - s;
                g += kSignal * (m - g);
                macd[i] = m;
                signal[i] = g;
                histogram[i] = m - g;
                fastEma[i] = f;
                slowEma[i] = s;
            }
            (fastValue, slowValue, signalValue) = (f, s, g);
            return i;
        }
    }
}
