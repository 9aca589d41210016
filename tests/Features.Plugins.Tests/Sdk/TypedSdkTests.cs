using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// The typed SDK's machinery on its own: parameter classes become the same <see cref="ParameterSpec"/>s a hand-written
/// list gives, validated values bind back to typed properties, and kernels write outputs (categories included) by handle.
/// </summary>
public sealed class TypedSdkTests
{
    public enum Smoothing
    {
        Simple,
        ExponentialWeighted,
        [EnumName("wilder's")] Wilder,
    }

    public enum Side
    {
        [EnumName("H")] High,
        [EnumName("L")] Low,
    }

    public sealed class SampleParameters
    {
        [Parameter("Fast lookback.", Minimum = 1, Maximum = 500)]
        public int FastPeriod { get; init; } = 12;

        [Parameter("Slow lookback.", Minimum = 2, Maximum = 10_000)]
        public long SlowPeriod { get; init; } = 26;

        [Parameter("Band width.", Minimum = 0.5, Maximum = 4)]
        public double StdDev { get; init; } = 2;

        [Parameter("Also emit the bands.")]
        public bool Bands { get; init; } = true;

        [Parameter("How to smooth.")]
        public Smoothing Smoothing { get; init; } = Smoothing.ExponentialWeighted;

        [Parameter("The series' symbol.")]
        public string? Series { get; init; }

        [Parameter("A note.")]
        public string Note { get; init; } = "none";

        [Parameter("Publication delay.")]
        public Duration ReleaseLag { get; init; } = Duration.Parse("1d");

        [Parameter("An odd name.", Name = "k2", Minimum = 0, Maximum = 1)]
        public double SecondK { get; init; } = 0.5;

        public int NotAParameter { get; init; } = 7;
    }

    private static readonly IReadOnlyList<ParameterSpec> HandWritten =
    [
        ParameterSpec.Integer("fast_period", 12, 1, 500, "Fast lookback."),
        ParameterSpec.Integer("slow_period", 26, 2, 10_000, "Slow lookback."),
        ParameterSpec.Number("std_dev", 2, 0.5, 4, "Band width."),
        ParameterSpec.Boolean("bands", true, "Also emit the bands."),
        ParameterSpec.Choice("smoothing", "exponential_weighted", ["simple", "exponential_weighted", "wilder's"], "How to smooth."),
        ParameterSpec.Text("series", null, "The series' symbol."),
        ParameterSpec.Text("note", "none", "A note."),
        ParameterSpec.Duration("release_lag", "1d", "Publication delay."),
        ParameterSpec.Number("k2", 0.5, 0, 1, "An odd name."),
    ];

    [Theory]
    [InlineData("FastPeriod", "fast_period")]
    [InlineData("Q", "q")]
    [InlineData("LogReturn", "log_return")]
    [InlineData("HTTPCode", "http_code")]
    [InlineData("Lag2", "lag2")]
    [InlineData("period", "period")]
    public void Property_names_become_snake_case(string name, string expected) => SnakeCase.From(name).ShouldBe(expected);

    [Fact]
    public void A_parameters_class_gives_the_same_specs_as_the_hand_written_list()
    {
        var typed = ParameterBinder<SampleParameters>.Specs;
        typed.Count.ShouldBe(HandWritten.Count);
        for (var i = 0; i < typed.Count; i++)
        {
            var (t, h) = (typed[i], HandWritten[i]);
            t.Name.ShouldBe(h.Name);
            t.Type.ShouldBe(h.Type, t.Name);
            t.Default.ShouldBe(h.Default, t.Name);
            t.Default?.GetType().ShouldBe(h.Default?.GetType(), t.Name);
            t.Minimum.ShouldBe(h.Minimum, t.Name);
            t.Maximum.ShouldBe(h.Maximum, t.Name);
            t.AllowedValues.ShouldBe(h.AllowedValues, t.Name);
            t.Required.ShouldBe(h.Required, t.Name);
            t.Description.ShouldBe(h.Description, t.Name);
        }
    }

    [Fact]
    public void Defaults_bind_to_the_initial_values()
    {
        var bound = ParameterBinder<SampleParameters>.Bind(ParameterValues.Resolve(HandWritten, new Dictionary<string, object?> { ["series"] = "DGS10" }));

        bound.FastPeriod.ShouldBe(12);
        bound.SlowPeriod.ShouldBe(26L);
        bound.StdDev.ShouldBe(2.0);
        bound.Bands.ShouldBeTrue();
        bound.Smoothing.ShouldBe(Smoothing.ExponentialWeighted);
        bound.Series.ShouldBe("DGS10");
        bound.ReleaseLag.Value.ShouldBe(TimeSpan.FromDays(1));
        bound.SecondK.ShouldBe(0.5);
    }

    [Fact]
    public void Given_values_bind_to_their_properties()
    {
        var raw = new Dictionary<string, object?>
        {
            ["fast_period"] = 5, ["slow_period"] = 50, ["std_dev"] = 1.5, ["bands"] = false, ["smoothing"] = "wilder's",
            ["series"] = "VIX", ["note"] = "x", ["release_lag"] = "36H", ["k2"] = 0.25,
        };
        var bound = ParameterBinder<SampleParameters>.Bind(ParameterValues.Resolve(ParameterBinder<SampleParameters>.Specs, raw));

        bound.FastPeriod.ShouldBe(5);
        bound.SlowPeriod.ShouldBe(50L);
        bound.StdDev.ShouldBe(1.5);
        bound.Bands.ShouldBeFalse();
        bound.Smoothing.ShouldBe(Smoothing.Wilder);
        bound.Series.ShouldBe("VIX");
        bound.Note.ShouldBe("x");
        bound.ReleaseLag.ShouldBe(Duration.Parse("36h"));
        bound.ReleaseLag.Value.ShouldBe(TimeSpan.FromHours(36));
        bound.SecondK.ShouldBe(0.25);
    }

    [Fact]
    public void Out_of_range_values_are_refused_by_the_generated_specs()
    {
        ParameterValues.TryResolve(ParameterBinder<SampleParameters>.Specs, new Dictionary<string, object?> { ["series"] = "X", ["fast_period"] = 0 },
            out _, out var errors).ShouldBeFalse();
        errors.Single().Parameter.ShouldBe("fast_period");
    }

    [Fact]
    public void A_cross_parameter_error_names_the_parameter_by_its_wire_name()
    {
        IFeaturePlugin plugin = new SamplePlugin();
        var values = ParameterValues.Resolve(plugin.Descriptor.Parameters, new Dictionary<string, object?> { ["series"] = "X", ["fast_period"] = 30, ["k2"] = 0.1 });

        var errors = plugin.Validate(values).ToList();

        errors.Select(e => e.Parameter).ShouldBe(["fast_period", "k2"]);
        errors[0].Message.ShouldBe("'fast_period' must be less than 'slow_period'");
    }

    [Fact]
    public void Parameters_in_the_descriptor_as_well_as_the_class_are_refused() =>
        Should.Throw<ArgumentException>(() => new DoubleDeclaredPlugin());

    [Fact]
    public void The_plugin_contract_passes_bound_parameters_to_every_rule()
    {
        IFeaturePlugin plugin = new SamplePlugin();
        var values = ParameterValues.Resolve(plugin.Descriptor.Parameters, new Dictionary<string, object?> { ["series"] = "DGS10", ["fast_period"] = 3 });

        plugin.WarmupBars(values).ShouldBe(26 + 3);
        plugin.AuxiliarySeries(values).ShouldBe([new AuxiliarySeriesRequest("rates", "DGS10")]);
        plugin.OutputColumns(values).Select(c => c.Name).ShouldBe(["value", "side", "up", "count"]);
    }

    // ---- outputs ----

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Value = Outputs.Float("value", "The close.");
    private static readonly CategoryOutput<Side> SideOutput = Outputs.Category<Side>("side", "H above 100, L below, else null.");
    private static readonly BoolOutput Up = Outputs.Bool("up", "Close above 100.");
    private static readonly IntOutput Count = Outputs.Int("count", "Bars seen.");

    private sealed class SampleKernel() : FeatureKernel(Outputs)
    {
        private int _count;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var value = outputs[Value];
            var side = outputs.Category(SideOutput);
            var up = outputs[Up];
            var count = outputs[Count];
            for (var i = 0; i < bars.Length; i++)
            {
                var c = bars.Close[i];
                value[i] = c;
                if (c > 100) side.Set(i, Side.High);
                else if (c < 100) side.Set(i, Side.Low);
                // else: left unwritten, so null
                up.Set(i, c > 100);
                count.Set(i, ++_count);
            }
        }
    }

    private static RecordBatch Bars(params double[] closes) =>
        BarSchema.Create([.. closes.Select((c, i) => new Bar(i * 60_000_000L, c, c, c, c, 1))]);

    [Theory]
    [InlineData(5)]
    [InlineData(10_001)] // the chunked path of BarKernel
    public void A_category_output_is_an_arrow_string_column_from_the_enum_names(int n)
    {
        using var kernel = new SampleKernel();
        using var input = Bars([.. Enumerable.Range(0, n).Select(i => (double)(99 + i % 3))]);
        using var output = kernel.Process(input);

        output.Schema.FieldsList.Select(f => f.Name).ShouldBe(["value", "side", "up", "count"]);
        var side = (StringArray)output.Column(1);
        var up = (BooleanArray)output.Column(2);
        var count = (Int32Array)output.Column(3);
        for (var i = 0; i < n; i++)
        {
            side.GetString(i).ShouldBe((i % 3) switch { 0 => "L", 1 => null, _ => "H" });
            up.GetValue(i).ShouldBe(i % 3 == 2);
            count.GetValue(i).ShouldBe(i + 1);
        }
        Outputs.Columns[1].Categories.ShouldBe(["H", "L"]);
    }

    [Fact]
    public void A_category_column_reads_back_as_its_strings_with_multibyte_names_nulls_and_out_of_range_codes()
    {
        var column = new OutputColumn { Name = "kind", Type = ColumnType.String, Description = "test", Categories = ["é", "Hi", ""] };
        double[] codes = [1, 0, double.NaN, 2, 3, -1, 0, 1, 1];
        var array = (StringArray)OutputSchema.ToArray(column, codes, codes.Length);

        string?[] expected = ["Hi", "é", null, "", null, null, "é", "Hi", "Hi"];
        array.Length.ShouldBe(expected.Length);
        array.NullCount.ShouldBe(3);
        for (var i = 0; i < expected.Length; i++)
        {
            array.IsNull(i).ShouldBe(expected[i] is null, $"row {i}");
            if (expected[i] is not null) array.GetString(i).ShouldBe(expected[i], $"row {i}");
        }

        // Without nulls (the first two codes): no row is null.
        var full = (StringArray)OutputSchema.ToArray(column, codes, 2);
        full.NullCount.ShouldBe(0);
        full.GetString(0).ShouldBe("Hi");
        full.GetString(1).ShouldBe("é");
    }

    private sealed class StrangerKernel() : FeatureKernel(new OutputList())
    {
        protected override void Compute(in BarSpans bars, in KernelOutputs outputs) => outputs[Value].Fill(0);
    }

    [Fact]
    public void A_handle_of_another_output_list_is_refused()
    {
        using var kernel = new StrangerKernel();
        using var input = Bars(1, 2);
        Should.Throw<ArgumentException>(() => kernel.Process(input)).Message.ShouldContain("'value'");
    }

    private static readonly OutputList StrangerOutputs = new();
    private static readonly FloatOutput StrangerValue = StrangerOutputs.Float("stranger", "a column of another kernel");

    [Fact]
    public void A_deferred_row_refuses_a_handle_of_another_output_list_naming_it()
    {
        using var kernel = new OneRowKernel(StrangerValue, emitTwice: false);
        using var input = Bars(1, 2);
        Should.Throw<ArgumentException>(() => kernel.Process(input)).Message.ShouldContain("'stranger'");
    }

    private sealed class DeferredSample() : DeferredFeatureKernel(Outputs)
    {
        private readonly List<double> _held = [];

        protected override void Consume(in BarSpans bars)
        {
            foreach (var c in bars.Close) _held.Add(c);
        }

        protected override void Finish()
        {
            foreach (var c in _held)
            {
                var row = NextRow();
                row.Set(Value, c);
                row.Set(SideOutput, c > 100 ? Side.High : null);
                row.Set(Up, c > 100);
                Emit(row);
            }
        }
    }

    [Fact]
    public void A_deferred_kernel_emits_rows_by_handle_and_leaves_unset_columns_null()
    {
        using var kernel = new DeferredSample();
        using var input = Bars(101, 99);
        using var held = kernel.Process(input);
        using var output = kernel.Flush()!;

        held.Length.ShouldBe(0);
        ((DoubleArray)output.Column(0)).GetValue(1).ShouldBe(99);
        ((StringArray)output.Column(1)).GetString(0).ShouldBe("H");
        ((StringArray)output.Column(1)).IsNull(1).ShouldBeTrue();
        ((BooleanArray)output.Column(2)).GetValue(0).ShouldBe(true);
        ((Int32Array)output.Column(3)).IsNull(0).ShouldBeTrue();
    }

    /// <summary>Writes one row through <paramref name="handle"/>, emitting it once or (wrongly) twice.</summary>
    private sealed class OneRowKernel(FloatOutput handle, bool emitTwice) : DeferredFeatureKernel(Outputs)
    {
        protected override void Consume(in BarSpans bars)
        {
            var row = NextRow();
            row.Set(handle, 1);
            Emit(row);
            if (emitTwice) Emit(row);
        }

        protected override void Finish()
        {
        }
    }

    [Fact]
    public void A_row_emitted_twice_without_a_new_NextRow_is_refused()
    {
        using var kernel = new OneRowKernel(Value, emitTwice: true);
        using var input = Bars(1, 2);
        Should.Throw<InvalidOperationException>(() => kernel.Process(input)).Message.ShouldContain("NextRow");
    }

    [Fact]
    public void A_deferred_kernel_keeps_every_row_in_order_past_its_first_buffer()
    {
        var closes = Enumerable.Range(0, 1_000).Select(i => 50.0 + i).ToArray();
        using var kernel = new DeferredSample();
        using var input = Bars(closes);
        using var held = kernel.Process(input);
        using var output = kernel.Flush()!;

        output.Length.ShouldBe(closes.Length);
        var values = (DoubleArray)output.Column(0);
        var sides = (StringArray)output.Column(1);
        for (var i = 0; i < closes.Length; i++)
        {
            values.GetValue(i).ShouldBe(closes[i]);
            sides.IsNull(i).ShouldBe(closes[i] <= 100);
        }
    }

    // ---- a typed plugin ----

    public sealed class SamplePlugin() : FeaturePlugin<SampleParameters>(new()
    {
        Key = "sample.typed",
        Type = FeatureType.Technical,
        Version = "1.0.0",
        Description = "A typed plugin for the tests.",
        Outputs = Outputs.Columns,
    })
    {
        private static readonly AuxiliaryInput Rates = new("rates");

        protected override int WarmupBars(SampleParameters p) => (int)p.SlowPeriod + p.FastPeriod;

        protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(SampleParameters p) => [Rates.For(p.Series!)];

        protected override IEnumerable<ParameterError> Validate(SampleParameters p)
        {
            if (p.FastPeriod >= p.SlowPeriod)
            {
                yield return Error(nameof(p.FastPeriod), $"'{NameOf(nameof(p.FastPeriod))}' must be less than '{NameOf(nameof(p.SlowPeriod))}'");
            }
            if (p.SecondK < 0.2) yield return Error(nameof(p.SecondK), "too small");
        }

        protected override IFeatureKernel CreateKernel(SampleParameters p, KernelContext context) => new SampleKernel();
    }

    private sealed class DoubleDeclaredPlugin() : FeaturePlugin<SampleParameters>(new()
    {
        Key = "sample.double",
        Type = FeatureType.Technical,
        Version = "1.0.0",
        Description = "Declares a parameter twice.",
        Parameters = [ParameterSpec.Integer("fast_period", 12, 1, 500, "Fast lookback.")],
    })
    {
        protected override int WarmupBars(SampleParameters p) => 0;

        protected override IFeatureKernel CreateKernel(SampleParameters p, KernelContext context) => new SampleKernel();
    }
}
