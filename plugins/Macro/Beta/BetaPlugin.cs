using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Beta;

/// <summary>Beta of this symbol's returns against a benchmark's, over a rolling window.</summary>
public sealed class BetaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<string> BetaTypes = ["standard", "up", "down", "all"];

    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("beta", "cov(Re, Rm) / var(Rm) over the last `period` returns (beta_type standard or all, else null)."),
        OutputColumn.Float("beta_up", "Beta over the returns of the window where the benchmark rose (Rm > 0) (beta_type up or all, else null)."),
        OutputColumn.Float("beta_down", "Beta over the returns of the window where the benchmark fell (Rm < 0) (beta_type down or all, else null)."),
        OutputColumn.Float("ratio", "beta_up / beta_down (beta_type all only; null when beta_down is 0)."),
        OutputColumn.Float("convexity", "(beta_up - beta_down)^2 (beta_type all only)."),
        OutputColumn.Float("returns_eval", "This symbol's 1-bar return close / previous close - 1 (0 on the first matched bar or after a 0 close)."),
        OutputColumn.Float("returns_mrkt", "The benchmark's 1-bar return, same convention."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.beta",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "Beta coefficient of this symbol (evaluated, Re) against `benchmark` (market, Rm), on 1-bar close-to-close " +
                      "returns r = C / Cprev - 1 (0 for the first bar and when Cprev is 0, as in the reference library). " +
                      "beta = cov(Re, Rm) / var(Rm), population moments over the last `period` returns (the first bar's " +
                      "placeholder return is never in a window), null when var(Rm) is 0. Up/down betas use only the window's " +
                      "returns with Rm > 0 / Rm < 0. Bars are matched on equal timestamps: a bar with no benchmark bar at its " +
                      "timestamp (or a non-finite close) gets null in every column and does not advance any state, so returns " +
                      "and windows run over matched bars only.",
        Parameters =
        [
            MacroPack.Benchmark(),
            ParameterSpec.Integer("period", 50, 2, MacroPack.MaxPeriod, "Lookback, in matched returns."),
            ParameterSpec.Choice("beta_type", "standard", BetaTypes, "Which betas to compute: standard, up (benchmark rising), down (benchmark falling), or all (with ratio and convexity)."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period bars (the first beta is at matched bar index `period`); returns from the first bar",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("benchmark", parameters.GetString("benchmark"))];

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var type = p.GetString("beta_type");
        return new BetaKernel(new MatchedSeries(MacroPack.Auxiliary(context, "benchmark")), p.GetInt32("period"),
            standard: type is "standard" or "all", up: type is "up" or "all", down: type is "down" or "all");
    }

    private sealed class BetaKernel(MatchedSeries benchmark, int period, bool standard, bool up, bool down) : BarKernel(Outputs)
    {
        // x = benchmark return, y = this symbol's return.
        private readonly RollingCoMoments? _standard = standard ? new(period) : null;
        private readonly RollingCoMoments? _up = up ? new(period) : null;
        private readonly RollingCoMoments? _down = down ? new(period) : null;
        private bool _started;
        private double _previousEval;
        private double _previousMarket;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var close = bars.Close;
            for (var i = 0; i < timestamps.Length; i++)
            {
                for (var c = 0; c < outputs.Length; c++) outputs[c][i] = double.NaN;
                if (!benchmark.TryMatch(timestamps[i], out var market) || !double.IsFinite(close[i]) || !double.IsFinite(market.Close))
                {
                    continue;
                }
                var re = _previousEval != 0 ? close[i] / _previousEval - 1 : 0;
                var rm = _previousMarket != 0 ? market.Close / _previousMarket - 1 : 0;
                _previousEval = close[i];
                _previousMarket = market.Close;
                outputs[5][i] = re;
                outputs[6][i] = rm;
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
                outputs[0][i] = Of(_standard);
                outputs[1][i] = betaUp;
                outputs[2][i] = betaDown;
                if (up && down && !double.IsNaN(betaUp) && !double.IsNaN(betaDown))
                {
                    outputs[3][i] = betaDown != 0 ? betaUp / betaDown : double.NaN;
                    outputs[4][i] = (betaUp - betaDown) * (betaUp - betaDown);
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
