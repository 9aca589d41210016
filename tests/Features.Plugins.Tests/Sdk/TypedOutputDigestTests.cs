using System.Security.Cryptography;
using System.Text;
using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// A migrated plugin computes bit-identical values: a SHA-256 over every output value (the bits of each double, each
/// string, each null) for a few parameter sets and batch sizes, against digests written from the untyped plugins
/// before their migration (set <c>FEATURES_WRITE_DIGESTS=1</c> to write them again).
/// </summary>
public sealed class TypedOutputDigestTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "technical.rsi", "{}" },
        { "technical.rsi", "period=2" },
        { "technical.macd", "{}" },
        { "technical.macd", "fast_period=3,slow_period=5,signal_period=2" },
        { "technical.zigzag", "{}" },
        { "technical.zigzag", "percent_change=2,end_type=high_low" },
        { "macro.beta", "benchmark=BENCH" },
        { "macro.beta", "benchmark=BENCH,period=10,beta_type=all" },
    };

    /// <summary>Every deployed plugin at its defaults (a required parameter gets "BENCH"), so a migration of any of them is caught.</summary>
    public static TheoryData<string> AllKeys => new(PluginPacks.Registry.All.Select(p => p.Key).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void Every_plugin_computes_at_its_defaults_the_values_it_computed_before_the_typed_sdk(string key)
    {
        var required = PluginPacks.Get(key).Plugin.Descriptor.Parameters.Where(p => p.Required).Select(p => $"{p.Name}=BENCH");
        var parameters = string.Join(',', required) is { Length: > 0 } list ? list : "{}";
        A_migrated_plugin_computes_the_values_it_computed_before(key, parameters);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_migrated_plugin_computes_the_values_it_computed_before(string key, string parameters)
    {
        var bars = ReferenceData.Quotes("default.csv");
        var raw = Parse(parameters);
        var digest = new StringBuilder();
        foreach (var size in new[] { int.MaxValue, 7 })
        {
            var plugin = PluginPacks.Get(key).Plugin;
            var roles = plugin.AuxiliarySeries(KernelRunner.Parameters(plugin, raw)).Select(a => a.Role).Append("benchmark").Distinct();
            // A benchmark that shares most timestamps and differs in value: four bars of five, the close scaled.
            var table = KernelRunner.Run(key, bars, size, raw, () => roles.ToDictionary(role => role,
                IAuxiliarySeries (_) => new SeriesCursor("BENCH", "1d", [.. bars.Where((_, i) => i % 5 != 3).Select(b => b with { Close = b.Close * 0.5 + b.Open * 0.25 })])));
            digest.Append(size).Append(':').Append(Digest(table)).Append('\n');
        }
        var path = Path.Combine(ReferenceData.RepoRoot, "tests", "Features.Plugins.Tests", "Sdk", "Digests", $"{key}.{(parameters == "{}" ? "defaults" : parameters).Replace('=', '-').Replace(',', '.')}.txt");
        if (Environment.GetEnvironmentVariable("FEATURES_WRITE_DIGESTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, digest.ToString());
        }
        digest.ToString().ShouldBe(File.ReadAllText(path));
    }

    private static Dictionary<string, object?> Parse(string parameters) =>
        parameters == "{}"
            ? []
            : parameters.Split(',').Select(p => p.Split('=')).ToDictionary(
                p => p[0],
                p => long.TryParse(p[1], out var l) ? l : double.TryParse(p[1], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : (object?)p[1]);

    private static string Digest(OutputTable table)
    {
        var text = new StringBuilder();
        foreach (var name in table.Names)
        {
            text.Append(name).Append('=');
            foreach (var value in table[name])
            {
                text.Append(value switch
                {
                    null => "null",
                    double d => BitConverter.DoubleToInt64Bits(d).ToString("x16"),
                    _ => value.ToString(),
                }).Append(';');
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
