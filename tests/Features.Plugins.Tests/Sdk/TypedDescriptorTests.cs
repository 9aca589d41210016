using System.Text.Json;
using System.Text.Json.Nodes;
using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// A plugin migrated to the typed SDK (<c>FeaturePlugin&lt;TParameters&gt;</c>) must describe itself exactly as it did
/// before: the same parameters (names, types, CLR types of the defaults, ranges, allowed values, order, descriptions)
/// and outputs, so <c>/plugins/available</c> and the version hash do not move. The golden files were written from the
/// untyped plugins before their migration (set <c>FEATURES_WRITE_DESCRIPTORS=1</c> to write them again).
/// </summary>
public sealed class TypedDescriptorTests
{
    /// <summary>Every deployed plugin: goldens written before the migration of the packs to the typed SDK.</summary>
    public static TheoryData<string> Migrated => new(PluginPacks.Registry.All.Select(p => p.Key).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Migrated))]
    public void A_migrated_plugin_describes_itself_as_before(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var json = Describe(plugin).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var path = Path.Combine(ReferenceData.RepoRoot, "tests", "Features.Plugins.Tests", "Sdk", "Descriptors", key + ".json");
        if (Environment.GetEnvironmentVariable("FEATURES_WRITE_DESCRIPTORS") == "1")
        {
            File.WriteAllText(path, json);
        }
        json.ShouldBe(File.ReadAllText(path));
    }

    private static JsonObject Describe(IFeaturePlugin plugin)
    {
        var d = plugin.Descriptor;
        // A required parameter (a benchmark symbol) gets a placeholder so every rule can be asked.
        var defaults = ParameterValues.Resolve(d.Parameters, d.Parameters.Where(p => p.Required).ToDictionary(p => p.Name, object? (_) => "BENCH"));
        return new JsonObject
        {
            ["key"] = d.Key,
            ["type"] = d.Type.ToString(),
            ["version"] = d.Version,
            ["description"] = d.Description,
            ["parameters"] = new JsonArray([.. d.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["type"] = p.Type.ToString(),
                ["default"] = p.Default is null ? null : JsonValue.Create(p.Default.ToString()),
                ["default_clr_type"] = p.Default?.GetType().Name,
                ["minimum"] = p.Minimum,
                ["maximum"] = p.Maximum,
                ["allowed_values"] = p.AllowedValues is null ? null : new JsonArray([.. p.AllowedValues.Select(v => (JsonNode)JsonValue.Create(v))]),
                ["required"] = p.Required,
                ["description"] = p.Description,
            })]),
            ["outputs"] = Columns(d.Outputs),
            ["outputs_for_defaults"] = Columns(plugin.OutputColumns(defaults)),
            ["input_columns"] = new JsonArray([.. d.InputColumns.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["warmup_rule"] = d.WarmupRule,
            ["look_ahead_rule"] = d.LookAheadRule,
            ["warmup_bars_default"] = plugin.WarmupBars(defaults),
            ["look_ahead_bars_default"] = plugin.LookAheadBars(defaults),
            ["auxiliary_default"] = new JsonArray([.. plugin.AuxiliarySeries(defaults).Select(a => (JsonNode)JsonValue.Create($"{a.Role}:{a.Symbol}:{a.Timeframe}"))]),
        };
    }

    private static JsonArray Columns(IReadOnlyList<OutputColumn> columns) => new([.. columns.Select(o =>
    {
        var column = new JsonObject
        {
            ["name"] = o.Name,
            ["type"] = o.Type.ToString(),
            ["description"] = o.Description,
            ["categories"] = o.Categories is null ? null : new JsonArray([.. o.Categories.Select(c => (JsonNode)JsonValue.Create(c))]),
        };
        // Only when declared (SDK 1.3.0), so the goldens of plugins that declare no unit read as they did before it.
        if (o.Unit != OutputUnit.Unspecified) column["unit"] = o.Unit.ToString();
        return (JsonNode)column;
    })]);
}
