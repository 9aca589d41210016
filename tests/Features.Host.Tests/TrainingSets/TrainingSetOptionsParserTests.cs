using System.Text.Json;
using Features.Host.Errors;
using Features.Host.TrainingSets;

namespace Features.Host.Tests.TrainingSets;

public sealed class TrainingSetOptionsParserTests
{
    private static TrainingSetOptions Parse(string? label = null, string? processors = null, string? splits = null) =>
        TrainingSetOptionsParser.Parse(Element(label), Element(processors), Element(splits));

    private static JsonElement? Element(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement;

    private static IReadOnlyDictionary<string, string[]> Problems(string? label = null, string? processors = null, string? splits = null)
    {
        var problem = Should.Throw<ProblemException>(() => Parse(label, processors, splits));
        problem.Status.ShouldBe(422);
        return problem.Errors!;
    }

    [Fact]
    public void The_default_label_is_label0_and_the_preset_is_qlibs()
    {
        var options = Parse(processors: "\"qlib_default\"", splits: """{"kind": "cpcv", "n_groups": 6, "n_test_groups": 2}""");

        options.Label.ShouldBe(new ForwardReturnLabel(1, 1, LabelPrice.Close));
        options.Processors.ShouldBe(ProcessorPresets.QlibDefault);
        options.Splits.ShouldBe(new Cpcv(6, 2));
    }

    [Fact]
    public void Every_kind_parses_with_its_fields()
    {
        Parse("""{"kind": "forward_log_return", "horizon": 5, "offset": 0, "price": "vwap"}""").Label
            .ShouldBe(new ForwardReturnLabel(5, 0, LabelPrice.Vwap, Log: true));
        Parse("""{"kind": "triple_barrier", "upper": 2, "lower": 1, "max_bars": 10, "volatility_window": 20}""").Label
            .ShouldBe(new TripleBarrierLabel(2, 1, 10, 20));
        Parse("""{"kind": "feature", "feature_id": "f", "column": "rsi", "shift": -3}""").Label.ShouldBe(new FeatureLabel("f", "rsi", -3));
        var processors = Parse(processors: """[{"kind": "fill", "method": "ffill", "limit": 3}, {"kind": "cs_winsorize", "limits": [0.05, 0.1]}, {"kind": "cs_rank", "columns": "all"}, {"kind": "drop_na", "columns": "all"}]""").Processors;
        processors[0].ShouldBe(new Fill(FillMethod.Ffill, 3, ColumnSelection.Features));
        processors[1].ShouldBe(new CsWinsorize(0.05, 0.1, ColumnSelection.Features));
        processors[2].ShouldBe(new CsRank(ColumnSelection.All));
        processors[3].ShouldBe(new DropNa(ColumnSelection.All));
        Parse(splits: """{"kind": "walk_forward", "train_bars": 250, "test_bars": 20, "step_bars": 20, "embargo_bars": 5, "expanding": true}""").Splits
            .ShouldBe(new WalkForward(250, 20, 20, 5, true));
    }

    [Fact]
    public void Bad_values_are_422s_naming_every_field_at_once()
    {
        var errors = Problems(
            label: """{"kind": "forward_return", "horizon": 0}""",
            splits: """{"kind": "purged_kfold", "k": 1, "embargo_pct": 0.5}""");

        errors.Keys.ShouldBe(["label.horizon", "splits.k", "splits.embargo_pct"], ignoreOrder: true);
        errors["splits.embargo_pct"][0].ShouldContain("[0, 0.5)");
    }

    [Theory]
    [InlineData("""{"kind": "forward_return", "price": "mid"}""", null, null, "label.price")]
    [InlineData("""{"kind": "nope"}""", null, null, "label.kind")]
    [InlineData("""{"kind": "feature", "feature_id": "f", "column": "x", "shift": 1}""", null, null, "label.shift")]
    [InlineData("""{"kind": "triple_barrier", "upper": 1}""", null, null, "label.max_bars")]
    [InlineData(null, """[{"kind": "cs_magic"}]""", null, "processors[0].kind")]
    [InlineData(null, """[{"kind": "robust_zscore"}, {"kind": "cs_zscore"}]""", null, "processors[1]")]
    [InlineData(null, "\"alpha_default\"", null, "processors")]
    [InlineData(null, null, """{"kind": "cpcv", "n_groups": 4, "n_test_groups": 4}""", "splits.n_test_groups")]
    [InlineData(null, null, """{"kind": "purged_kfold", "embargo_pct": -0.1}""", "splits.embargo_pct")]
    public void Each_bad_input_names_its_field(string? label, string? processors, string? splits, string field)
    {
        Problems(label, processors, splits).Keys.ShouldContain(field);
    }
}
