using System.Globalization;
using System.Text.RegularExpressions;

namespace Features.PluginSdk.Testing;

/// <summary>
/// The conformance checks every plugin should pass, on its <see cref="IFeaturePlugin"/> contract alone. Each
/// check throws <see cref="ConformanceException"/> naming the plugin, column, row and batching that broke it;
/// <see cref="All"/> runs every check and reports every failure at once.
/// <code>
/// new PluginConformance(new MomentumPlugin()).All();
/// </code>
/// </summary>
public sealed partial class PluginConformance
{
    private const string Batching = "same output under any batching";
    private const string Truncation = "truncating the future changes no earlier value";
    private const string Warmup = "declared warm-up suffices";
    private const string EdgeInputs = "empty, short, zero and NaN inputs";
    private const string Descriptor = "descriptor complete";

    private readonly IFeaturePlugin _plugin;
    private readonly ConformanceOptions _options;
    private readonly string _key;
    private readonly Lazy<ParameterValues> _values;
    private readonly Lazy<IReadOnlyList<Bar>> _bars;

    /// <summary>Checks <paramref name="plugin"/> on the bars and parameters of <paramref name="options"/>.</summary>
    public PluginConformance(IFeaturePlugin plugin, ConformanceOptions? options = null)
    {
        _plugin = plugin;
        _options = options ?? new ConformanceOptions();
        _key = plugin.Descriptor.Key;
        _values = new(() => Guard(Descriptor, "the parameters do not resolve", () => PluginRunner.Parameters(_plugin, _options.Parameters)));
        _bars = new(() => _options.Bars ?? SyntheticBars.RandomWalk(
            Math.Max(ConformanceOptions.DefaultBarCount, 2 * (WarmupBars + LookAheadBars) + 100), interval: _options.Context.BarInterval));
    }

    private ParameterValues Values => _values.Value;
    private IReadOnlyList<Bar> Bars => _bars.Value;
    private int WarmupBars => _plugin.WarmupBars(Values);
    private int LookAheadBars => _plugin.LookAheadBars(Values);

    /// <summary>Runs every check; throws one <see cref="ConformanceException"/> listing every failure.</summary>
    public void All()
    {
        var failures = new List<string>();
        foreach (var check in new Action[] { DescriptorIsComplete, OutputDoesNotDependOnBatching, TruncatingTheFutureChangesNoEarlierValue, DeclaredWarmupSuffices, EdgeInputsRunCleanly })
        {
            try
            {
                check();
            }
            catch (ConformanceException e)
            {
                failures.Add(e.Message);
            }
        }
        if (failures.Count > 0)
        {
            throw new ConformanceException(_key, "conformance", $"{failures.Count} of 5 checks failed:{Environment.NewLine}" +
                string.Join(Environment.NewLine, failures.Select(f => "- " + f)));
        }
    }

    /// <summary>
    /// The output is identical (bit for bit) whether the bars arrive all at once or in batches of each of
    /// <see cref="ConformanceOptions.BatchSizes"/>; with <see cref="ConformanceOptions.EveryColumnHasValues"/>,
    /// every column has a value somewhere.
    /// </summary>
    public void OutputDoesNotDependOnBatching()
    {
        var whole = Run(Batching, "the bars", Bars);
        if (_options.EveryColumnHasValues)
        {
            var empty = whole.Names.Where(n => whole[n].All(v => v is null)).ToList();
            if (empty.Count > 0)
            {
                Fail(Batching, $"column(s) {string.Join(", ", empty)} have no value on the {Bars.Count} bars, so nothing about them is checked; " +
                    "run on bars or parameters that give them values, or set EveryColumnHasValues = false");
            }
        }
        var problems = new List<string>();
        foreach (var size in _options.BatchSizes.Where(s => s < Bars.Count))
        {
            var split = Run(Batching, "the bars", Bars, size);
            problems.AddRange(Compare(whole, split, $"(batches of {size} vs one batch)", 0, 0));
        }
        FailIfAny(Batching, problems);
    }

    /// <summary>
    /// Cutting the series (and every auxiliary series) after bar k changes no value before bar k - LookAheadBars;
    /// a plugin that looks ahead says how in <see cref="PluginDescriptor.LookAheadRule"/>, one that does not has none.
    /// </summary>
    public void TruncatingTheFutureChangesNoEarlierValue()
    {
        var lookAhead = LookAheadBars;
        if (lookAhead > 0 && string.IsNullOrWhiteSpace(_plugin.Descriptor.LookAheadRule))
        {
            Fail(Truncation, $"LookAheadBars is {lookAhead} but the descriptor has no LookAheadRule saying how it looks ahead");
        }
        if (lookAhead == 0 && _plugin.Descriptor.LookAheadRule is not null)
        {
            Fail(Truncation, $"the descriptor declares a look-ahead rule (\"{_plugin.Descriptor.LookAheadRule}\") but LookAheadBars is 0");
        }
        var n = Bars.Count;
        var whole = Run(Truncation, "the bars", Bars);
        var cuts = _options.TruncationPoints ?? [n / 8, 3 * n / 8, 2 * n / 3, 15 * n / 16];
        var problems = new List<string>();
        foreach (var cut in cuts.Where(c => c > 0 && c < n).Distinct())
        {
            var last = Bars[cut - 1].Timestamp;
            var truncated = Run(Truncation, $"the first {cut} bars", Bars.Take(cut).ToArray(), keep: b => b.Timestamp <= last,
                eventsKnownBefore: _options.Context.BarClose(last));
            var stable = Math.Max(0, cut - lookAhead);
            foreach (var name in whole.Names)
            {
                var problem = Tolerance.Mismatches($"column {name} (series cut after bar {cut - 1}, rows before {stable} compared)",
                    [.. truncated[name].Take(stable)], [.. whole[name].Take(stable)], 0, 0);
                if (problem is not null) problems.Add(problem);
            }
        }
        FailIfAny(Truncation, problems);
    }

    /// <summary>
    /// <c>WarmupBars</c> bars before bar t are enough: a column that is dense (no gap after its first value) has
    /// its first value by row <c>WarmupBars</c> (unless the plugin reads auxiliary series), and at sample bars t the value computed from only the warm-up
    /// equals the full history's within the tolerance (or, with <see cref="WarmupValues.Present"/>, exists where
    /// the full history's does). <see cref="ConformanceOptions.ColumnsWithoutWarmup"/> are left out.
    /// </summary>
    public void DeclaredWarmupSuffices()
    {
        var warmup = WarmupBars;
        var lookAhead = LookAheadBars;
        if (warmup < 0) Fail(Warmup, $"WarmupBars is {warmup}");
        var n = Bars.Count;
        if (n <= warmup + lookAhead + 1)
        {
            Fail(Warmup, $"{n} bars are too few to check a warm-up of {warmup} bars; pass at least {warmup + lookAhead + 2}");
        }
        var whole = Run(Warmup, "the bars", Bars);
        var columns = whole.Names.Where(c => !_options.ColumnsWithoutWarmup.Contains(c)).ToList();
        var problems = new List<string>();
        foreach (var name in columns)
        {
            var values = whole[name];
            var first = FirstValue(values);
            var last = LastValue(values);
            var dense = first >= 0 && Enumerable.Range(first, last - first + 1).All(i => values[i] is not null);
            // A plugin that reads auxiliary series also waits for their first usable observation, which no bar count promises.
            if (dense && first > warmup && _options.AuxiliarySeries.Count == 0 && _options.Events.Count == 0)
            {
                problems.Add($"column {name}: first value at row {first}, after the {warmup} warm-up bars declared");
            }
        }

        var lastPoint = n - 1 - lookAhead;
        var span = lastPoint - warmup;
        int[] points = [.. new[] { warmup, warmup + 1, warmup + span / 3, warmup + 2 * span / 3, lastPoint }.Where(t => t >= warmup && t <= lastPoint).Distinct()];
        foreach (var t in points)
        {
            var from = t - warmup;
            var to = Math.Min(n, t + lookAhead + 1);
            var shortRun = Run(Warmup, $"bars {from}..{to - 1}", Bars.Skip(from).Take(to - from).ToArray(),
                previousBar: from > 0 ? Bars[from - 1].Timestamp : null);
            foreach (var name in columns)
            {
                var full = whole[name][t];
                var fromWarmup = shortRun[name][warmup];
                var ok = _options.Warmup == WarmupValues.Equal
                    ? Tolerance.Matches(fromWarmup, full, _options.Relative, _options.Absolute)
                    : full is null || fromWarmup is not null;
                if (!ok)
                {
                    problems.Add($"column {name}, row {t} ({Time(Bars[t])}): {Tolerance.Show(fromWarmup)} from only the {warmup} declared warm-up bars, " +
                        $"{Tolerance.Show(full)} from the full history (warm-up check: {_options.Warmup}, tolerance {_options.Relative} relative + {_options.Absolute})");
                }
            }
        }
        FailIfAny(Warmup, problems);
    }

    /// <summary>
    /// An empty series gives no rows; one, two and three bars, and fewer bars than the lookback, give one row per
    /// bar (all null before the first value the full series has); all-zero bars, bars with NaN prices and
    /// volumes, and every <see cref="ConformanceOptions.ExtraInputs"/> run without an exception and without NaN
    /// or ±∞ in the output.
    /// </summary>
    public void EdgeInputsRunCleanly()
    {
        Run(EdgeInputs, "an empty series", []);
        for (var count = 1; count <= 3 && count <= Bars.Count; count++)
        {
            Run(EdgeInputs, $"the first {count} bar(s)", Bars.Take(count).ToArray());
        }
        var whole = Run(EdgeInputs, "the bars", Bars);
        var leading = whole.Names.Select(n => FirstValue(whole[n]) is var i and >= 0 ? i : Bars.Count).DefaultIfEmpty(0).Min();
        var problems = new List<string>();
        if (leading > 0 && leading < Bars.Count)
        {
            var few = Run(EdgeInputs, $"the first {leading} bars (fewer than the lookback)", Bars.Take(leading).ToArray());
            foreach (var name in few.Names)
            {
                var row = FirstValue(few[name]);
                if (row >= 0)
                {
                    problems.Add($"column {name}: a value at row {row} on only {leading} bars, though on the full series no column has a value before row {leading}");
                }
            }
        }
        var warmup = Math.Min(WarmupBars, Bars.Count);
        Run(EdgeInputs, $"the first {warmup} bars (the warm-up alone)", Bars.Take(warmup).ToArray());

        var inputs = new List<(string Name, IReadOnlyList<Bar> Bars, Func<Bar, Bar>? Auxiliary)>
        {
            ("all-zero bars", SyntheticBars.Zeros(Bars), b => b with { Open = 0, High = 0, Low = 0, Close = 0, Volume = 0 }),
            ("bars with NaN prices and volumes", SyntheticBars.WithNaNs(Bars), null),
        };
        inputs.AddRange(_options.ExtraInputs.Select(p => (p.Key, p.Value, (Func<Bar, Bar>?)null)));
        foreach (var (name, bars, auxiliary) in inputs)
        {
            var output = Run(EdgeInputs, name, bars, map: auxiliary);
            foreach (var column in output.Names)
            {
                var values = output[column];
                var bad = Enumerable.Range(0, values.Count).Where(i => values[i] is double d && !double.IsFinite(d)).ToList();
                if (bad.Count > 0)
                {
                    problems.Add($"column {column} on {name}: {bad.Count} values are NaN or infinite, e.g. row {bad[0]} = {Tolerance.Show(values[bad[0]])} (write NaN for \"no value\": it becomes null)");
                }
            }
        }
        FailIfAny(EdgeInputs, problems);
    }

    /// <summary>
    /// The descriptor is complete data: key <c>pack.name</c>, a defined type, a semantic version, a description,
    /// input columns and a warm-up rule; every parameter snake_case, described, with a default unless required,
    /// numbers bounded with the default inside, allowed values for choices; out-of-range, wrong-typed and
    /// unknown values refused naming the parameter; outputs snake_case, unique and described; the parameters
    /// of the options valid.
    /// </summary>
    public void DescriptorIsComplete()
    {
        var d = _plugin.Descriptor;
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok) problems.Add(problem);
        }

        Require(KeyPattern().IsMatch(d.Key), $"key '{d.Key}' is not <pack>.<name> in lowercase snake_case");
        Require(Enum.IsDefined(d.Type), $"type {(int)d.Type} is not a FeatureType");
        Require(d.Version is not null && VersionPattern().IsMatch(d.Version), $"version '{d.Version}' is not a semantic version (1.2.3)");
        Require(!string.IsNullOrWhiteSpace(d.Description), "no description");
        Require(!string.IsNullOrWhiteSpace(d.WarmupRule), "no warm-up rule in words");
        Require(d.InputColumns is { Count: > 0 } && d.InputColumns.All(c => !string.IsNullOrWhiteSpace(c)), "no input columns");

        foreach (var group in d.Parameters.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"parameter {group.Key} is declared {group.Count()} times");
        }
        foreach (var p in d.Parameters)
        {
            Require(SnakeCase().IsMatch(p.Name), $"parameter name '{p.Name}' is not snake_case");
            Require(!string.IsNullOrWhiteSpace(p.Description), $"parameter {p.Name} has no description");
            Require(p.Required || p.Default is not null, $"parameter {p.Name} is optional but has no default");
            if (p.Type is ParameterType.Integer or ParameterType.Number)
            {
                Require(p.Minimum is not null, $"parameter {p.Name} has no minimum");
                Require(p.Maximum is not null, $"parameter {p.Name} has no maximum");
            }
            if (p.Type == ParameterType.Choice)
            {
                Require(p.AllowedValues is { Count: > 0 }, $"choice parameter {p.Name} lists no allowed values");
            }
            foreach (var bad in BadValues(p))
            {
                var raw = new Dictionary<string, object?>(_options.Parameters) { [p.Name] = bad };
                var refused = !ParameterValues.TryResolve(d.Parameters, raw, out _, out var errors) && errors.Any(e => e.Parameter == p.Name);
                Require(refused, $"parameter {p.Name} ({p.Type}) accepts the invalid value {Tolerance.Show(bad)}");
            }
        }
        var unknown = new Dictionary<string, object?>(_options.Parameters) { ["no_such_parameter"] = 1L };
        Require(!ParameterValues.TryResolve(d.Parameters, unknown, out _, out var unknownErrors) && unknownErrors.Any(e => e.Parameter == "no_such_parameter"),
            "an unknown parameter is accepted");

        if (!ParameterValues.TryResolve(d.Parameters, _options.Parameters, out var values, out var resolveErrors))
        {
            problems.Add("the parameters given (defaults for the rest) are refused: " + string.Join("; ", resolveErrors.Select(e => e.Message)));
        }
        else
        {
            foreach (var error in _plugin.Validate(values))
            {
                problems.Add($"Validate refuses the parameters given (defaults for the rest): {error.Parameter}: {error.Message}");
            }
            Require(_plugin.WarmupBars(values) >= 0, $"WarmupBars is {_plugin.WarmupBars(values)}");
            Require(_plugin.LookAheadBars(values) >= 0, $"LookAheadBars is {_plugin.LookAheadBars(values)}");
            CheckOutputs("declared outputs", d.Outputs, problems);
            var outputs = _plugin.OutputColumns(values);
            CheckOutputs("output columns for the parameters given", outputs, problems);
            if (d.Parameters.All(p => !p.Required) && _options.Parameters.Count == 0)
            {
                Require(outputs.Select(o => o.Name).SequenceEqual(d.Outputs.Select(o => o.Name)),
                    $"OutputColumns for the defaults ({string.Join(", ", outputs.Select(o => o.Name))}) differ from the descriptor's Outputs ({string.Join(", ", d.Outputs.Select(o => o.Name))})");
            }
        }
        FailIfAny(Descriptor, problems);
    }

    private static void CheckOutputs(string what, IReadOnlyList<OutputColumn> outputs, List<string> problems)
    {
        if (outputs.Count == 0) problems.Add($"{what}: none");
        foreach (var group in outputs.GroupBy(o => o.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"{what}: column {group.Key} appears {group.Count()} times");
        }
        foreach (var o in outputs)
        {
            if (!SnakeCase().IsMatch(o.Name)) problems.Add($"{what}: column name '{o.Name}' is not snake_case");
            if (string.IsNullOrWhiteSpace(o.Description)) problems.Add($"{what}: column {o.Name} has no description");
            if (o.Type == ColumnType.String && o.Categories is not { Count: > 0 }) problems.Add($"{what}: string column {o.Name} lists no categories");
        }
    }

    // Values of the wrong type, out of range or malformed for a parameter; each must be refused.
    private static IEnumerable<object?> BadValues(ParameterSpec p)
    {
        switch (p.Type)
        {
            case ParameterType.Integer:
                if (p.Minimum is { } min) yield return (long)min - 1;
                if (p.Maximum is { } max) yield return (long)max + 1;
                yield return 2.5;
                yield return "3";
                break;
            case ParameterType.Number:
                if (p.Minimum is { } nmin) yield return nmin - Math.Max(1, Math.Abs(nmin) * 1e-6);
                if (p.Maximum is { } nmax) yield return nmax + Math.Max(1, Math.Abs(nmax) * 1e-6);
                yield return double.NaN;
                yield return "1";
                break;
            case ParameterType.Boolean:
                yield return "yes";
                yield return 1L;
                break;
            case ParameterType.Choice:
                yield return "no_such_choice";
                yield return 1L;
                break;
            case ParameterType.Duration:
                foreach (var text in new object[] { "15", "-1d", "1y", "abc", 15L }) yield return text;
                break;
            case ParameterType.Text:
                foreach (var text in new object[] { "", 42L, new string('x', 256) }) yield return text;
                break;
        }
    }

    private OutputTable Run(string check, string input, IReadOnlyList<Bar> bars, int batchSize = int.MaxValue,
        Func<Bar, bool>? keep = null, Func<Bar, Bar>? map = null, long eventsKnownBefore = long.MaxValue, long? previousBar = null)
    {
        try
        {
            var events = _options.Events.ToDictionary(e => e.Key, e => (IReadOnlyList<IPointInTimeEvent>)[.. e.Value.Where(x => x.KnownAt < eventsKnownBefore)]);
            return PluginRunner.Run(_plugin, bars, batchSize, _options.Parameters, Cursors(keep, map), _options.Context, events, previousBar);
        }
        catch (ConformanceException e)
        {
            throw new ConformanceException(_key, check, $"on {input}: {e.Message}", e);
        }
        catch (Exception e)
        {
            var batching = batchSize >= bars.Count ? "one batch" : $"batches of {batchSize}";
            throw new ConformanceException(_key, check, $"threw {e.GetType().Name} on {input} ({bars.Count} bars, {batching}): {e.Message}", e);
        }
    }

    private Func<IReadOnlyDictionary<string, IAuxiliarySeries>> Cursors(Func<Bar, bool>? keep, Func<Bar, Bar>? map) =>
        () => _options.AuxiliarySeries.ToDictionary(
            s => s.Key,
            s => (IAuxiliarySeries)new SeriesCursor(s.Key, _options.Context.Timeframe, [.. s.Value.Where(keep ?? (_ => true)).Select(map ?? (b => b))]));

    private IEnumerable<string> Compare(OutputTable expected, OutputTable actual, string how, double relative, double absolute) =>
        expected.Names
            .Select(name => Tolerance.Mismatches($"column {name} {how}", actual[name], expected[name], relative, absolute))
            .OfType<string>();

    private static int FirstValue(IReadOnlyList<object?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not null) return i;
        }
        return -1;
    }

    private static int LastValue(IReadOnlyList<object?> values)
    {
        for (var i = values.Count - 1; i >= 0; i--)
        {
            if (values[i] is not null) return i;
        }
        return -1;
    }

    private static string Time(Bar bar) => SyntheticBars.Time(bar.Timestamp).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private T Guard<T>(string check, string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not ConformanceException)
        {
            throw new ConformanceException(_key, check, $"{what}: {e.Message}", e);
        }
    }

    private void Fail(string check, string message) => throw new ConformanceException(_key, check, message);

    private void FailIfAny(string check, List<string> problems)
    {
        if (problems.Count > 0)
        {
            Fail(check, problems.Count == 1 ? problems[0] : string.Join(Environment.NewLine, problems.Select(p => "  " + p)).TrimStart());
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
