using System.Globalization;
using System.Text;

namespace Features.PluginSdk.Testing;

/// <summary>What <see cref="GoldenFile.Verify"/> did.</summary>
public enum GoldenOutcome
{
    /// <summary>The output matched the golden file.</summary>
    Matched,
    /// <summary>There was no golden file, so it was written (review it and commit it).</summary>
    Created,
    /// <summary><see cref="GoldenFile.UpdateVariable"/> was set, so the golden file was rewritten.</summary>
    Updated,
}

/// <summary>
/// Golden files: a plugin's output on given bars, written once as CSV (<c>timestamp</c> then the plugin's
/// columns; numbers round-trip exactly, a null is an empty field) and compared on later runs within a
/// tolerance. Set <c>FEATURES_UPDATE_GOLDEN=1</c> to rewrite them after an intended change. A missing file is
/// written and the run passes, except under <c>CI=true</c>, where it is an error (CI must not bless its own output).
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment variable that rewrites golden files instead of comparing.</summary>
    public const string UpdateVariable = "FEATURES_UPDATE_GOLDEN";

    /// <summary>
    /// Runs <paramref name="plugin"/> over <paramref name="bars"/> with <paramref name="options"/>' parameters,
    /// auxiliary series and tolerance, and compares the output with the CSV at <paramref name="path"/> (or writes
    /// it). Throws <see cref="ConformanceException"/> naming the column, row and timestamp of the first mismatches.
    /// </summary>
    public static GoldenOutcome Verify(IFeaturePlugin plugin, IReadOnlyList<Bar> bars, string path, ConformanceOptions? options = null)
    {
        var o = options ?? new ConformanceOptions();
        var output = PluginRunner.Run(plugin, bars, int.MaxValue, o.Parameters,
            () => o.AuxiliarySeries.ToDictionary(s => s.Key, s => (IAuxiliarySeries)new SeriesCursor(s.Key, o.Context.Timeframe, s.Value)), o.Context, o.Events);
        var key = plugin.Descriptor.Key;
        var update = Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true" or "TRUE" or "True";
        if (update || !File.Exists(path))
        {
            if (!update && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConformanceException(key, "golden file", $"{path} does not exist; run the test once with {UpdateVariable}=1 outside CI and commit the file");
            }
            Write(path, bars, output);
            return update ? GoldenOutcome.Updated : GoldenOutcome.Created;
        }

        var (header, rows) = Read(path);
        var problems = new List<string>();
        var expectedNames = header.Skip(1).ToList();
        if (!expectedNames.SequenceEqual(output.Names))
        {
            problems.Add($"columns are {string.Join(", ", output.Names)}, the golden file has {string.Join(", ", expectedNames)}");
        }
        if (rows.Count != bars.Count)
        {
            problems.Add($"{bars.Count} rows, the golden file has {rows.Count}");
        }
        if (problems.Count == 0)
        {
            var mismatches = 0;
            for (var r = 0; r < rows.Count; r++)
            {
                var time = FormatTime(bars[r].Timestamp);
                if (rows[r][0] != time)
                {
                    problems.Add($"row {r}: bar at {time}, the golden file's row is at {rows[r][0]}");
                    break;
                }
                for (var c = 0; c < output.Names.Count; c++)
                {
                    var actual = output.Column(c)[r];
                    var expected = Parse(rows[r][c + 1], actual);
                    if (Tolerance.Matches(actual, expected, o.Relative, o.Absolute)) continue;
                    if (++mismatches <= 5)
                    {
                        problems.Add($"column {output.Names[c]}, row {r} ({time}): got {Tolerance.Show(actual)}, golden {Tolerance.Show(expected)}");
                    }
                }
            }
            if (mismatches > 5) problems.Add($"{mismatches} mismatches in all");
        }
        if (problems.Count > 0)
        {
            throw new ConformanceException(key, "golden file",
                $"{path} differs (tolerance {o.Relative} relative + {o.Absolute}): {string.Join("; ", problems)}. If the change is intended, rerun with {UpdateVariable}=1 and commit the file.");
        }
        return GoldenOutcome.Matched;
    }

    private static void Write(string path, IReadOnlyList<Bar> bars, OutputTable output)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var text = new StringBuilder();
        text.Append("timestamp");
        foreach (var name in output.Names) text.Append(',').Append(Quote(name));
        text.Append('\n');
        for (var r = 0; r < output.RowCount; r++)
        {
            text.Append(FormatTime(bars[r].Timestamp));
            for (var c = 0; c < output.Names.Count; c++)
            {
                text.Append(',').Append(output.Column(c)[r] switch
                {
                    null => "",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    string s => Quote(s),
                    var other => Quote(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
                });
            }
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    private static (List<string> Header, List<List<string>> Rows) Read(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return (["timestamp"], []);
        return (Split(lines[0]), [.. lines.Skip(1).Select(Split)]);
    }

    // A golden value as the type the plugin produced (a string column stays text, everything else is a number).
    private static object? Parse(string field, object? like) =>
        field.Length == 0 ? null
        : like is string ? field
        : double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : field;

    private static string FormatTime(long micros) =>
        SyntheticBars.Time(micros).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private static string Quote(string s) =>
        s.Length == 0 || s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
