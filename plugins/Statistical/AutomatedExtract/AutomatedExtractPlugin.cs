using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.AutomatedExtract;

/// <summary>Many tsfresh calculators at once over a rolling window, one column per calculator and parameter set.</summary>
public sealed class AutomatedExtractPlugin : IFeaturePlugin
{
    private const string FromPreset = "preset";

    private static readonly IReadOnlyList<OutputColumn> DefaultOutputs =
        [.. CalculatorCatalog.Minimal.SelectMany(CalculatorCatalog.Expand).Select(CalculatorCatalog.Column)];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "automated.extract",
        Type = FeatureType.Automated,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh-style feature extraction over the last `window` input values at every bar: one float column per " +
            "calculator and parameter set from tsfresh's default grids, named calculator__param_value (parameters sorted by " +
            "name, lower case, '.' written '_', '-' written 'minus_': cid_ce__normalize_true, autocorrelation__lag_1, " +
            "quantile__q_0_1). `preset` minimal = tsfresh's MinimalFCParameters (sum_values, median, mean, length, " +
            "standard_deviation, variance, root_mean_square, maximum, absolute_maximum, minimum); efficient = every calculator " +
            "below except the high-cost sample_entropy and approximate_entropy, as tsfresh's EfficientFCParameters. Known " +
            "calculators: " + string.Join(", ", CalculatorCatalog.Names) + ". Definitions, estimators and thresholds are " +
            "tsfresh's, exactly as the single statistical.* plugins (population std/variance; pandas skew/kurt; partial " +
            "autocorrelation with lags 0..9 requested together, so lag 0 is 1; linear_trend against the index, intercept at the " +
            "window's first bar, no p-value; infinities are null). Columns depend on the parameters; Outputs lists the default " +
            "(minimal) preset's. Recomputed per bar over the window. " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "tsfresh extracts from the series as given, and the path calculators (cid_ce, " +
                "linear_trend, peaks) describe the price; choose log_return for distributional features."),
            WindowParameter.Spec(20, 4, "Every calculator sees the same window (tsfresh's max_timeshift + 1)."),
            ParameterSpec.Choice("preset", "minimal", ["minimal", "efficient"], "Calculator set: minimal or efficient (tsfresh's presets)."),
            ParameterSpec.Text("calculators", FromPreset,
                "`preset` (default) to use the preset, or a comma-separated list of calculator names, each with its default grid, " +
                "which replaces the preset."),
        ],
        Outputs = DefaultOutputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    /// <summary>The calculator names the parameters select, in order, unknown names dropped.</summary>
    private static IReadOnlyList<string> Selected(ParameterValues parameters)
    {
        var text = parameters.GetString("calculators").Trim();
        if (text == FromPreset)
        {
            return parameters.GetString("preset") == "efficient" ? CalculatorCatalog.Efficient : CalculatorCatalog.Minimal;
        }
        return [.. Split(text).Where(n => CalculatorCatalog.Names.Contains(n)).Distinct()];
    }

    private static IEnumerable<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<ExtractedFeature> Features(ParameterValues parameters) => [.. Selected(parameters).SelectMany(CalculatorCatalog.Expand)];

    public IReadOnlyList<OutputColumn> OutputColumns(ParameterValues parameters) => [.. Features(parameters).Select(CalculatorCatalog.Column)];

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        var text = parameters.GetString("calculators").Trim();
        if (text == FromPreset) yield break;
        var names = Split(text).ToList();
        var unknown = names.Where(n => !CalculatorCatalog.Names.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            yield return new ParameterError("calculators",
                $"unknown calculator(s) {string.Join(", ", unknown)}; known: {string.Join(", ", CalculatorCatalog.Names)}");
        }
        else if (names.Count == 0)
        {
            yield return new ParameterError("calculators", "name at least one calculator, or `preset`");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var features = Features(p);
        return new Kernel([.. features.Select(CalculatorCatalog.Column)], InputSeries.From(p), p.GetInt32("window"), features);
    }

    private sealed class Kernel : WindowKernel
    {
        private readonly Func<ReadOnlySpan<double>, double>[] _calculators;

        public Kernel(IReadOnlyList<OutputColumn> outputs, InputKind input, int window, List<ExtractedFeature> features) : base(outputs, input, window)
        {
            var scratch = new Scratch(window);
            _calculators = [.. features.Select(f => f.Bind(scratch))];
        }

        protected override void Evaluate(ReadOnlySpan<double> window, Span<double> row)
        {
            for (var c = 0; c < _calculators.Length; c++) row[c] = _calculators[c](window);
        }
    }
}
