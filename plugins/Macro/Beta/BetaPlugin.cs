using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Beta;

/// <summary>Which betas <see cref="BetaPlugin"/> computes.</summary>
public enum BetaType
{
    Standard,
    Up,
    Down,
    All,
}

/// <summary>The parameters of <see cref="BetaPlugin"/>.</summary>
public sealed class BetaParameters
{
    [Benchmark]
    public string? Benchmark { get; init; }

    [Parameter("Lookback, in matched returns.", Minimum = 2, Maximum = MacroPack.MaxPeriod)]
    public int Period { get; init; } = 50;

    [Parameter("Which betas to compute: standard, up (benchmark rising), down (benchmark falling), or all (with ratio and convexity).")]
    public BetaType BetaType { get; init; } = BetaType.Standard;
}

/// <summary>Beta of this symbol's returns against a benchmark's, over a rolling window.</summary>
public sealed class BetaPlugin() : FeaturePlugin<BetaParameters>(MacroPack.Describe("macro.beta", Outputs, ["close"],
    warmup: "period bars (the first beta is at matched bar index `period`); returns from the first bar",
    description: "Beta coefficient of this symbol (evaluated, Re) against `benchmark` (market, Rm), on 1-bar close-to-close " +
                 "returns r = C / Cprev - 1 (0 for the first bar and when Cprev is 0, as in the reference library). " +
                 "beta = cov(Re, Rm) / var(Rm), population moments over the last `period` returns (the first bar's " +
                 "placeholder return is never in a window), null when var(Rm) is 0. Up/down betas use only the window's " +
                 "returns with Rm > 0 / Rm < 0. Bars are matched on equal timestamps: a bar with no benchmark bar at its " +
                 "timestamp (or a non-finite close) gets null in every column and does not advance any state, so returns " +
                 "and windows run over matched bars only."))
{
    private static readonly AuxiliaryInput BenchmarkSeries = new("benchmark");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Beta = Outputs.Float("beta", "cov(Re, Rm) / var(Rm) over the last `period` returns (beta_type standard or all, else null).");
    private static readonly FloatOutput BetaUp = Outputs.Float("beta_up", "Beta over the returns of the window where the benchmark rose (Rm > 0) (beta_type up or all, else null).");
    private static readonly FloatOutput BetaDown = Outputs.Float("beta_down", "Beta over the returns of the window where the benchmark fell (Rm < 0) (beta_type down or all, else null).");
    private static readonly FloatOutput Ratio = Outputs.Float("ratio", "beta_up / beta_down (beta_type all only; null when beta_down is 0).");
    private static readonly FloatOutput Convexity = Outputs.Float("convexity", "(beta_up - beta_down)^2 (beta_type all only).");
    private static readonly FloatOutput ReturnsEval = Outputs.Float("returns_eval", "This symbol's 1-bar return close / previous close - 1 (0 on the first matched bar or after a 0 close).");
    private static readonly FloatOutput ReturnsMarket = Outputs.Float("returns_mrkt", "The benchmark's 1-bar return, same convention.");

    protected override int WarmupBars(BetaParameters p) => p.Period;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(BetaParameters p) => [BenchmarkSeries.For(p.Benchmark!)];

    protected override IFeatureKernel CreateKernel(BetaParameters p, KernelContext context) =>
        new BetaKernel(new MatchedSeries(BenchmarkSeries.Open(context)), p.Period,
            standard: p.BetaType is BetaType.Standard or BetaType.All,
            up: p.BetaType is BetaType.Up or BetaType.All,
            down: p.BetaType is BetaType.Down or BetaType.All);

    private sealed class BetaKernel(MatchedSeries benchmark, int period, bool standard, bool up, bool down) : FeatureKernel(Outputs)
    {
        // x = benchmark return, y = this symbol's return.
        private readonly RollingCoMoments? _standard = standard ? new(period) : null;
        private readonly RollingCoMoments? _up = up ? new(period) : null;
        private readonly RollingCoMoments? _down = down ? new(period) : null;
        private bool _started;
        private double _previousEval;
        private double _previousMarket;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            var close = bars.Close;
            Span<double> beta = outputs[Beta], betaUpColumn = outputs[BetaUp], betaDownColumn = outputs[BetaDown];
            Span<double> ratio = outputs[Ratio], convexity = outputs[Convexity];
            Span<double> returnsEval = outputs[ReturnsEval], returnsMarket = outputs[ReturnsMarket];
            for (var i = 0; i < timestamps.Length; i++)
            {
                beta[i] = betaUpColumn[i] = betaDownColumn[i] = ratio[i] = convexity[i] = returnsEval[i] = returnsMarket[i] = double.NaN;
                if (!benchmark.TryMatch(timestamps[i], out var market) || !double.IsFinite(close[i]) || !double.IsFinite(market.Close))
                {
                    continue;
                }
                var re = _previousEval != 0 ? close[i] / _previousEval - 1 : 0;
                var rm = _previousMarket != 0 ? market.Close / _previousMarket - 1 : 0;
                _previousEval = close[i];
                _previousMarket = market.Close;
                returnsEval[i] = re;
                returnsMarket[i] = rm;
                if (!_started)
                {
                    // The first return is a placeholder 0; it never enters a window.
                    _started = true;
                    continue;
                }
                _standard?.Add(rm, re);
                _up?.Add(rm, re, rm > 0);
                _down?.Add(rm, re, rm < 0);
                var betaUp = Of(_up);
                var betaDown = Of(_down);
                beta[i] = Of(_standard);
                betaUpColumn[i] = betaUp;
                betaDownColumn[i] = betaDown;
                if (up && down && !double.IsNaN(betaUp) && !double.IsNaN(betaDown))
                {
                    ratio[i] = betaDown != 0 ? betaUp / betaDown : double.NaN;
                    convexity[i] = (betaUp - betaDown) * (betaUp - betaDown);
                }
            }
        }

        private static double Of(RollingCoMoments? window)
        {
            if (window is not { IsFull: true, Count: > 0 }) return double.NaN;
            var variance = window.VarianceX;
            return variance > 0 ? window.Covariance / variance : double.NaN;
        }
    }
}
