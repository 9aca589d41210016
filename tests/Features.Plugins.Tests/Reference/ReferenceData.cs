using System.Globalization;
using System.Text;
using System.Text.Json;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Reference;

/// <summary>
/// Reads <c>../shared/reference</c>: the quotes and the published baselines. Outside CI a missing folder
/// skips the tests that need it; under CI=true they run and fail.
/// </summary>
public static class ReferenceData
{
    public static readonly bool IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Directory { get; } =
        Environment.GetEnvironmentVariable("FEATURES_REFERENCE_DIR") ?? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "reference"));

    public static bool Available => System.IO.Directory.Exists(Directory);

    public static string QuotesPath(string name) => Path.Combine(Directory, "quotes", name);

    public static string ResultsPath(string stem) => Path.Combine(Directory, "results", stem + ".standard.json");

    private static readonly Dictionary<string, Bar[]> QuoteCache = new();

    /// <summary>Bars of a quotes file, parsed like the library's loader (en-US dates, sorted ascending, UTC).</summary>
    public static Bar[] Quotes(string name)
    {
        lock (QuoteCache)
        {
            if (!QuoteCache.TryGetValue(name, out var bars))
            {
                bars = LoadQuotes(QuotesPath(name));
                QuoteCache[name] = bars;
            }
            return bars;
        }
    }

    private static Bar[] LoadQuotes(string path)
    {
        var culture = CultureInfo.GetCultureInfo("en-US");
        var result = new List<Bar>();
        foreach (var line in File.ReadLines(path, Encoding.UTF8).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(',');
            var date = DateTime.TryParse(f[0], culture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : DateTime.MinValue;
            double N(int i) => i < f.Length && double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
            var micros = (DateTime.SpecifyKind(date, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;
            result.Add(new Bar(micros, N(1), N(2), N(3), N(4), N(5)));
        }
        return [.. result.OrderBy(b => b.Timestamp)];
    }

    /// <summary>A baseline file as rows of field name (snake_case) to value: double, bool, string or null.</summary>
    public static Baseline Results(string stem)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(ResultsPath(stem)));
        var rows = new List<Dictionary<string, object?>>();
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in row.EnumerateObject())
            {
                values[SnakeCase(p.Name)] = p.Value.ValueKind switch
                {
                    JsonValueKind.Number => p.Value.GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String => p.Value.GetString(),
                    _ => null,
                };
            }
            rows.Add(values);
        }
        return new Baseline(stem, rows);
    }

    public static string SnakeCase(string camel)
    {
        var sb = new StringBuilder(camel.Length + 4);
        for (var i = 0; i < camel.Length; i++)
        {
            var c = camel[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Features.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Features.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Rows of a baseline file; field names in snake_case.</summary>
public sealed record Baseline(string Stem, IReadOnlyList<Dictionary<string, object?>> Rows)
{
    public IReadOnlyCollection<string> Fields => Rows.Count == 0 ? [] : Rows[0].Keys;

    public object?[] Column(string field) => [.. Rows.Select(r => r.GetValueOrDefault(field))];
}

/// <summary>A fact that needs the reference folder: skipped outside CI when it is missing, run (and failing) under CI.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute()
    {
        if (!ReferenceData.Available && !ReferenceData.IsCi) Skip = $"reference data not found at {ReferenceData.Directory}";
    }
}

/// <summary>A theory that needs the reference folder; see <see cref="ReferenceFactAttribute"/>.</summary>
public sealed class ReferenceTheoryAttribute : TheoryAttribute
{
    public ReferenceTheoryAttribute()
    {
        if (!ReferenceData.Available && !ReferenceData.IsCi) Skip = $"reference data not found at {ReferenceData.Directory}";
    }
}
