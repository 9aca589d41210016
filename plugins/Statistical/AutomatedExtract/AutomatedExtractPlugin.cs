using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.AutomatedExtract;

/// <summary>The calculator sets of <c>automated.extract</c>'s <c>preset</c>.</summary>
public enum ExtractPreset
{
    Minimal,
    Efficient,
}

/// <summary>The parameters of <see cref="AutomatedExtractPlugin"/>.</summary>
public sealed class AutomatedExtractParameters
{
    /// <summary>The <see cref="Calculators"/> value that selects the preset.</summary>
    public const string FromPreset = "preset";

    [Input("tsfresh extracts from the series as given, and the path calculators (cid_ce, " +
           "linear_trend, peaks) describe the price; choose log_return for distributional features.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(4, "Every calculator sees the same window (tsfresh's max_timeshift + 1).")]
    public int Window { get; init; } = 20;

    [Parameter("Calculator set: minimal or efficient (tsfresh's presets).")]
    public ExtractPreset Preset { get; init; } = ExtractPreset.Minimal;

    [Parameter("`preset` (default) to use the preset, or a comma-separated list of calculator names, each with its default grid, " +
               "which replaces the preset.")]
    public string Calculators { get; init; } = FromPreset;
}

/// <summary>Many tsfresh calculators at once over a rolling window, one column per calculator and parameter set.</summary>
public sealed class AutomatedExtractPlugin() : FeaturePlugin<AutomatedExtractParameters>(new()
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
    Outputs = Columns(new AutomatedExtractParameters()).List.Columns,
    InputColumns = InputSeries.Columns,
    WarmupRule = WindowParameter.WarmupRule,
})
{
    protected override int WarmupBars(AutomatedExtractParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    /// <summary>The calculator names the parameters select, in order, unknown names dropped.</summary>
    private static IReadOnlyList<string> Selected(AutomatedExtractParameters p)
    {
        var text = p.Calculators.Trim();
        if (text == AutomatedExtractParameters.FromPreset)
        {
            return p.Preset == ExtractPreset.Efficient ? CalculatorCatalog.Efficient : CalculatorCatalog.Minimal;
        }
        return [.. Split(text).Where(n => CalculatorCatalog.Names.Contains(n)).Distinct()];
    }

    private static IEnumerable<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<ExtractedFeature> Features(AutomatedExtractParameters p) => [.. Selected(p).SelectMany(CalculatorCatalog.Expand)];

    /// <summary>One float column per selected feature, in order, with its handle.</summary>
    private static (OutputList List, FloatOutput[] Columns, List<ExtractedFeature> Features) Columns(AutomatedExtractParameters p)
    {
        var list = new OutputList();
        var features = Features(p);
        FloatOutput[] columns = [.. features.Select(f => list.Float(f.Column, f.Description))];
        return (list, columns, features);
    }

    protected override IReadOnlyList<OutputColumn> OutputColumns(AutomatedExtractParameters p) => Columns(p).List.Columns;

    protected override IEnumerable<ParameterError> Validate(AutomatedExtractParameters p)
    {
        var text = p.Calculators.Trim();
        if (text == AutomatedExtractParameters.FromPreset) yield break;
        var names = Split(text).ToList();
        var unknown = names.Where(n => !CalculatorCatalog.Names.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            yield return Error(nameof(p.Calculators),
                $"unknown calculator(s) {string.Join(", ", unknown)}; known: {string.Join(", ", CalculatorCatalog.Names)}");
        }
        else if (names.Count == 0)
        {
            yield return Error(nameof(p.Calculators), "name at least one calculator, or `preset`");
        }
    }

    protected override IFeatureKernel CreateKernel(AutomatedExtractParameters p, KernelContext context)
    {
        var (list, columns, features) = Columns(p);
        return new Kernel(list, columns, p.Input, p.Window, features);
    }

    private sealed class Kernel : WindowKernel
    {
        private readonly FloatOutput[] _columns;
        private readonly Func<ReadOnlySpan<double>, double>[] _calculators;

        public Kernel(OutputList outputs, FloatOutput[] columns, InputKind input, int window, List<ExtractedFeature> features) : base(outputs, input, window)
        {
            var scratch = new Scratch(window);
            _columns = columns;
            _calculators = [.. features.Select(f => f.Bind(scratch))];
        }

        protected override void Evaluate(ReadOnlySpan<double> window, in WindowRow row)
        {
            for (var c = 0; c < _calculators.Length; c++) row.Set(_columns[c], _calculators[c](window));
        }
    }
}
