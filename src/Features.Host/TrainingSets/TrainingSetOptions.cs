using System.Text.Json;
using Features.Host.Errors;

namespace Features.Host.TrainingSets;

/// <summary>The label, processors and splits of a request, parsed and checked.</summary>
public sealed record TrainingSetOptions(LabelSpec Label, IReadOnlyList<ProcessorSpec> Processors, SplitSpec? Splits);

/// <summary>
/// Reads the polymorphic parts of a training-set request (<c>label</c>, <c>processors</c>, <c>splits</c>) from JSON and
/// reports every problem at once as a 422 naming the field (<c>label.horizon</c>, <c>splits.k</c>, <c>processors[1].kind</c>),
/// before anything is queued.
/// </summary>
public static class TrainingSetOptionsParser
{
    public static TrainingSetOptions Parse(JsonElement? label, JsonElement? processors, JsonElement? splits)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        var parsedLabel = ParseLabel(label, Fail);
        var parsedProcessors = ParseProcessors(processors, Fail);
        var parsedSplits = ParseSplits(splits, Fail);
        if (errors.Count > 0) throw ProblemException.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        return new TrainingSetOptions(parsedLabel!, parsedProcessors, parsedSplits);
    }

    private static LabelSpec? ParseLabel(JsonElement? element, Action<string, string> fail)
    {
        if (element is not { ValueKind: JsonValueKind.Object } label)
        {
            if (element is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }) return new ForwardReturnLabel();
            fail("label", "must be an object such as {\"kind\": \"forward_return\", \"horizon\": 1}");
            return null;
        }
        var kind = Text(label, "kind");
        switch (kind)
        {
            case "forward_return" or "forward_log_return":
            {
                var horizon = Int(label, "horizon", 1, fail, "label.horizon", min: 1);
                var offset = Int(label, "offset", 1, fail, "label.offset", min: 0);
                var priceText = Text(label, "price") ?? "close";
                LabelPrice? price = priceText switch { "close" => LabelPrice.Close, "open" => LabelPrice.Open, "vwap" => LabelPrice.Vwap, _ => null };
                if (price is null) fail("label.price", $"'{priceText}' is not a price; use close, open or vwap");
                return new ForwardReturnLabel(horizon, offset, price ?? LabelPrice.Close, kind == "forward_log_return");
            }
            case "triple_barrier":
            {
                var upper = Double(label, "upper", fail, "label.upper");
                var lower = Double(label, "lower", fail, "label.lower");
                if (upper is null or <= 0 && lower is null or <= 0) fail("label", "a triple barrier needs an upper or a lower barrier above 0");
                var maxBars = Int(label, "max_bars", 0, fail, "label.max_bars", min: 1, required: true);
                var window = Int(label, "volatility_window", 20, fail, "label.volatility_window", min: 2);
                return new TripleBarrierLabel(upper, lower, maxBars, window);
            }
            case "feature":
            {
                var featureId = Text(label, "feature_id");
                if (string.IsNullOrWhiteSpace(featureId)) fail("label.feature_id", "is required for a feature label");
                var column = Text(label, "column");
                if (string.IsNullOrWhiteSpace(column)) fail("label.column", "is required for a feature label");
                var shift = Int(label, "shift", 0, fail, "label.shift", required: true);
                if (shift > -1) fail("label.shift", "must be -1 or less: the label is the value k bars ahead (shift: -k)");
                return new FeatureLabel(featureId ?? "", column ?? "", shift);
            }
            default:
                fail("label.kind", $"'{kind}' is not a label kind; use forward_return, forward_log_return, triple_barrier or feature");
                return null;
        }
    }

    private static IReadOnlyList<ProcessorSpec> ParseProcessors(JsonElement? element, Action<string, string> fail)
    {
        if (element is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }) return [];
        if (element is { ValueKind: JsonValueKind.String } preset)
        {
            var found = ProcessorPresets.Find(preset.GetString()!);
            if (found is null) fail("processors", $"'{preset.GetString()}' is not a preset; use qlib_default or a list of processors");
            return found ?? [];
        }
        if (element is not { ValueKind: JsonValueKind.Array } list)
        {
            fail("processors", "must be a list of processors or the name of a preset");
            return [];
        }
        var processors = new List<ProcessorSpec>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var field = $"processors[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                fail(field, "must be an object with a kind");
                continue;
            }
            var columns = Columns(item, fail, field);
            var kind = Text(item, "kind");
            ProcessorSpec? processor = kind switch
            {
                "cs_zscore" => new CsZScore(columns),
                "cs_rank" => new CsRank(columns),
                "cs_winsorize" => Winsorize(item, columns, fail, field),
                "fill" => FillOf(item, columns, fail, field),
                "drop_na" => new DropNa(Text(item, "columns") == "all" ? ColumnSelection.All : ColumnSelection.Label),
                "robust_zscore" => new RobustZScore(columns, Double(item, "clip", fail, $"{field}.clip") ?? 3),
                _ => null,
            };
            if (processor is null)
            {
                fail($"{field}.kind", $"'{kind}' is not a processor; use cs_zscore, cs_rank, cs_winsorize, fill, drop_na or robust_zscore");
                continue;
            }
            if (!processor.FitsOnTrain && processors.Any(p => p.FitsOnTrain))
            {
                fail(field, "comes after a fit-on-train processor (robust_zscore); fit-on-train processors must be last");
            }
            processors.Add(processor);
        }
        return processors;
    }

    private static ColumnSelection Columns(JsonElement item, Action<string, string> fail, string field)
    {
        if (!item.TryGetProperty("columns", out var columns) || columns.ValueKind == JsonValueKind.Null) return ColumnSelection.Features;
        if (columns.ValueKind == JsonValueKind.String)
        {
            switch (columns.GetString())
            {
                case "features": return ColumnSelection.Features;
                case "label": return ColumnSelection.Label;
                case "all": return ColumnSelection.All;
            }
        }
        else if (columns.ValueKind == JsonValueKind.Array && columns.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String))
        {
            return new ColumnSelection.Named([.. columns.EnumerateArray().Select(c => c.GetString()!)]);
        }
        fail($"{field}.columns", "must be \"features\", \"label\", \"all\" or a list of output column names");
        return ColumnSelection.Features;
    }

    private static CsWinsorize Winsorize(JsonElement item, ColumnSelection columns, Action<string, string> fail, string field)
    {
        double lower = 0.01, upper = 0.01;
        if (item.TryGetProperty("limits", out var limits))
        {
            var values = limits.ValueKind == JsonValueKind.Array ? limits.EnumerateArray().ToList() : [];
            if (values.Count != 2 || values.Any(v => v.ValueKind != JsonValueKind.Number || v.GetDouble() is < 0 or >= 0.5))
            {
                fail($"{field}.limits", "must be [lower, upper], each in [0, 0.5)");
            }
            else
            {
                (lower, upper) = (values[0].GetDouble(), values[1].GetDouble());
            }
        }
        return new CsWinsorize(lower, upper, columns);
    }

    private static Fill FillOf(JsonElement item, ColumnSelection columns, Action<string, string> fail, string field)
    {
        var methodText = Text(item, "method") ?? "ffill";
        FillMethod? method = methodText switch { "ffill" => FillMethod.Ffill, "zero" => FillMethod.Zero, "none" => FillMethod.None, _ => null };
        if (method is null) fail($"{field}.method", $"'{methodText}' is not a fill method; use ffill, zero or none");
        int? limit = item.TryGetProperty("limit", out var l) && l.ValueKind != JsonValueKind.Null ? Int(item, "limit", 0, fail, $"{field}.limit", min: 1) : null;
        return new Fill(method ?? FillMethod.None, limit, columns);
    }

    private static SplitSpec? ParseSplits(JsonElement? element, Action<string, string> fail)
    {
        if (element is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }) return null;
        if (element is not { ValueKind: JsonValueKind.Object } splits)
        {
            fail("splits", "must be an object with a kind");
            return null;
        }
        var kind = Text(splits, "kind");
        switch (kind)
        {
            case "purged_kfold":
                return new PurgedKFold(Int(splits, "k", 5, fail, "splits.k", min: 2), Embargo(splits, fail));
            case "walk_forward":
                return new WalkForward(
                    Int(splits, "train_bars", 0, fail, "splits.train_bars", min: 1, required: true),
                    Int(splits, "test_bars", 0, fail, "splits.test_bars", min: 1, required: true),
                    Int(splits, "step_bars", 0, fail, "splits.step_bars", min: 1, required: true),
                    Int(splits, "embargo_bars", 0, fail, "splits.embargo_bars", min: 0),
                    splits.TryGetProperty("expanding", out var e) && e.ValueKind == JsonValueKind.True);
            case "cpcv":
            {
                var groups = Int(splits, "n_groups", 6, fail, "splits.n_groups", min: 2);
                var tests = Int(splits, "n_test_groups", 2, fail, "splits.n_test_groups", min: 1);
                if (tests >= groups) fail("splits.n_test_groups", $"must be less than n_groups ({groups})");
                return new Cpcv(groups, tests, Embargo(splits, fail));
            }
            default:
                fail("splits.kind", $"'{kind}' is not a split kind; use purged_kfold, walk_forward or cpcv");
                return null;
        }
    }

    private static double Embargo(JsonElement splits, Action<string, string> fail)
    {
        var embargo = Double(splits, "embargo_pct", fail, "splits.embargo_pct") ?? 0;
        if (embargo is < 0 or >= 0.5) fail("splits.embargo_pct", "must be in [0, 0.5)");
        return embargo;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Double(JsonElement element, string name, Action<string, string> fail, string field)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble())) return value.GetDouble();
        fail(field, "must be a number");
        return null;
    }

    private static int Int(JsonElement element, string name, int fallback, Action<string, string> fail, string field, int min = int.MinValue, bool required = false)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) fail(field, "is required");
            return fallback;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            fail(field, "must be a whole number");
            return fallback;
        }
        if (number < min) fail(field, $"must be at least {min}");
        return number;
    }
}
