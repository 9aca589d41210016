namespace Features.Plugins.Tests.Harness;

/// <summary>Compares our columns with a baseline: |a-b| &lt;= rel·max(|a|,|b|) + abs; nulls must line up.</summary>
public static class Tolerance
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-12;

    /// <summary>Returns a description of the first few mismatches, or null when everything agrees.</summary>
    public static string? Mismatches(string what, IReadOnlyList<object?> actual, IReadOnlyList<object?> expected,
        double relative = Relative, double absolute = Absolute, int firstRow = 0)
    {
        if (actual.Count != expected.Count) return $"{what}: {actual.Count} rows, expected {expected.Count}";
        var problems = new List<string>();
        var count = 0;
        for (var i = firstRow; i < actual.Count; i++)
        {
            var a = actual[i];
            var e = expected[i] is bool b ? (b ? 1.0 : 0.0) : expected[i];
            var ok = (a, e) switch
            {
                (null, null) => true,
                (double x, double y) => !double.IsNaN(x) && Math.Abs(x - y) <= relative * Math.Max(Math.Abs(x), Math.Abs(y)) + absolute,
                (string x, string y) => x == y,
                _ => false,
            };
            if (!ok)
            {
                count++;
                if (problems.Count < 5) problems.Add($"row {i}: got {a ?? "null"}, expected {e ?? "null"}");
            }
        }
        return count == 0 ? null : $"{what}: {count} mismatches, e.g. {string.Join("; ", problems)}";
    }
}
