using System.Globalization;

namespace Features.PluginSdk.Testing;

/// <summary>
/// How two output columns are compared: |a-b| &lt;= relative·max(|a|,|b|) + absolute for numbers, equality for
/// strings; nulls must line up, and NaN never matches.
/// </summary>
public static class Tolerance
{
    /// <summary>The default relative tolerance.</summary>
    public const double Relative = 1e-9;

    /// <summary>The default absolute tolerance (a floor for values near zero).</summary>
    public const double Absolute = 1e-12;

    /// <summary>True when <paramref name="actual"/> matches <paramref name="expected"/> (booleans count as 0 and 1).</summary>
    public static bool Matches(object? actual, object? expected, double relative = Relative, double absolute = Absolute)
    {
        var e = expected is bool b ? (b ? 1.0 : 0.0) : expected;
        return (actual, e) switch
        {
            (null, null) => true,
            (double x, double y) => !double.IsNaN(x) && Math.Abs(x - y) <= relative * Math.Max(Math.Abs(x), Math.Abs(y)) + absolute,
            (string x, string y) => x == y,
            _ => false,
        };
    }

    /// <summary>Describes the first few mismatches (row numbers from 0), or returns null when everything agrees.</summary>
    public static string? Mismatches(string what, IReadOnlyList<object?> actual, IReadOnlyList<object?> expected,
        double relative = Relative, double absolute = Absolute, int firstRow = 0)
    {
        if (actual.Count != expected.Count) return $"{what}: {actual.Count} rows, expected {expected.Count}";
        var problems = new List<string>();
        var count = 0;
        for (var i = firstRow; i < actual.Count; i++)
        {
            if (Matches(actual[i], expected[i], relative, absolute)) continue;
            count++;
            if (problems.Count < 5) problems.Add($"row {i}: got {Show(actual[i])}, expected {Show(expected[i])}");
        }
        return count == 0 ? null : $"{what}: {count} mismatches, e.g. {string.Join("; ", problems)}";
    }

    /// <summary>A value as the messages print it.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
