namespace Features.PluginSdk.Testing;

/// <summary>How <see cref="PluginConformance"/> checks a value computed from only the declared warm-up.</summary>
public enum WarmupValues
{
    /// <summary>
    /// The value at bar t computed from only <c>WarmupBars</c> bars before t equals the value from the full
    /// history, within the tolerance (windowed indicators: moving sums, rolling statistics, highs and lows).
    /// </summary>
    Equal,

    /// <summary>
    /// A value exists at bar t after <c>WarmupBars</c> bars wherever the full history has one, but may differ
    /// from it (recursive indicators such as an EMA seeded from a simple average, whose values converge).
    /// </summary>
    Present,
}

/// <summary>What <see cref="PluginConformance"/> runs a plugin on and how strictly it compares.</summary>
public sealed record ConformanceOptions
{
    /// <summary>
    /// The bars to run on. Null: <see cref="SyntheticBars.RandomWalk"/>, long enough for the declared warm-up
    /// (at least <see cref="DefaultBarCount"/>).
    /// </summary>
    public IReadOnlyList<Bar>? Bars { get; init; }

    /// <summary>Bars generated when <see cref="Bars"/> is null (more if the warm-up needs them).</summary>
    public const int DefaultBarCount = 600;

    /// <summary>Raw parameter values (defaults fill the rest); required parameters must be given here.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();

    /// <summary>The auxiliary series the plugin reads, by role (a fresh cursor is made for every run).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Bar>> AuxiliarySeries { get; init; } = new Dictionary<string, IReadOnlyList<Bar>>();

    /// <summary>
    /// The events the plugin reads, by role (a fresh feed for every run). Truncating the future cuts them with the bars:
    /// a run over the first k bars gets only the events known before the last kept bar's close.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IPointInTimeEvent>> Events { get; init; } = new Dictionary<string, IReadOnlyList<IPointInTimeEvent>>();

    /// <summary>The symbol, timeframe and bar length the kernel is told.</summary>
    public RunContext Context { get; init; } = RunContext.Daily;

    /// <summary>Batch sizes compared with one batch of all bars.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 7, 64, 1000];

    /// <summary>How many bars to keep when truncating the future; null: about 1/8, 3/8, 2/3 and 15/16 of the bars.</summary>
    public IReadOnlyList<int>? TruncationPoints { get; init; }

    /// <summary>Whether a value from only the warm-up must equal the full history's, or only exist.</summary>
    public WarmupValues Warmup { get; init; } = WarmupValues.Equal;

    /// <summary>Relative tolerance of the warm-up and golden-file comparisons (batching and truncation are exact).</summary>
    public double Relative { get; init; } = Tolerance.Relative;

    /// <summary>Absolute tolerance of the warm-up and golden-file comparisons.</summary>
    public double Absolute { get; init; } = Tolerance.Absolute;

    /// <summary>
    /// Columns with no warm-up in the usual sense, left out of the warm-up check (e.g. a regression line drawn
    /// over the final window of the series only).
    /// </summary>
    public IReadOnlyCollection<string> ColumnsWithoutWarmup { get; init; } = [];

    /// <summary>Whether every column must have a value somewhere on <see cref="Bars"/> (so the comparisons are not vacuous).</summary>
    public bool EveryColumnHasValues { get; init; } = true;

    /// <summary>More inputs that must run without an exception and without NaN or ±∞ in the output, by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Bar>> ExtraInputs { get; init; } = new Dictionary<string, IReadOnlyList<Bar>>();
}
