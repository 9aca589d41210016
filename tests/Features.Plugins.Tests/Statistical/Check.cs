using Features.Plugins.Tests.Harness;

namespace Features.Plugins.Tests.Statistical;

internal static class Check
{
    public static Dictionary<string, object?> P(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>Asserts a column equals the expected values (1e-9 relative + absolute floor); nulls must line up.</summary>
    public static void Column(OutputTable output, string name, object?[] expected, double absolute = Tolerance.Absolute)
    {
        output[name].Count(v => v != null).ShouldBeGreaterThan(0, $"{name} has values");
        Tolerance.Mismatches(name, output[name], expected, Tolerance.Relative, absolute).ShouldBeNull();
    }

    public static double Last(OutputTable output, string name) => (double)output[name][^1]!;
}
