using Features.PluginSdk;

namespace Features.Plugins.Tests.Testing;

/// <summary>Golden files: written once, compared within the tolerance, rewritten on request. Sequential: it sets an environment variable.</summary>
[Collection(nameof(GoldenFileTests))]
public sealed class GoldenFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "features-golden-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly bool IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
    private static readonly Bar[] Bars = SyntheticBars.RandomWalk(120);

    private string Path_ => Path.Combine(_folder, "sma.csv");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(GoldenFile.UpdateVariable, null);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }

    private void WriteGolden()
    {
        Environment.SetEnvironmentVariable(GoldenFile.UpdateVariable, "1");
        GoldenFile.Verify(new ProbePlugin(), Bars, Path_).ShouldBe(GoldenOutcome.Updated);
        Environment.SetEnvironmentVariable(GoldenFile.UpdateVariable, null);
    }

    [Fact]
    public void A_missing_golden_file_is_written_outside_CI_and_an_error_under_CI()
    {
        if (IsCi)
        {
            Should.Throw<ConformanceException>(() => GoldenFile.Verify(new ProbePlugin(), Bars, Path_)).Message.ShouldContain("does not exist");
            File.Exists(Path_).ShouldBeFalse();
        }
        else
        {
            GoldenFile.Verify(new ProbePlugin(), Bars, Path_).ShouldBe(GoldenOutcome.Created);
            File.ReadLines(Path_).First().ShouldBe("timestamp,sma");
        }
    }

    [Fact]
    public void The_same_output_matches_its_golden_file()
    {
        WriteGolden();
        var lines = File.ReadAllLines(Path_);
        lines.Length.ShouldBe(Bars.Length + 1);
        lines[1].ShouldBe("2020-01-01T00:00:00.000000Z,"); // null during warm-up
        GoldenFile.Verify(new ProbePlugin(), Bars, Path_).ShouldBe(GoldenOutcome.Matched);
    }

    [Fact]
    public void A_changed_value_fails_naming_column_row_and_time_unless_within_tolerance()
    {
        WriteGolden();
        var lines = File.ReadAllLines(Path_);
        var fields = lines[51].Split(',');
        var value = double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        lines[51] = fields[0] + "," + (value * (1 + 1e-6)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllLines(Path_, lines);

        var e = Should.Throw<ConformanceException>(() => GoldenFile.Verify(new ProbePlugin(), Bars, Path_));
        e.Message.ShouldContain("column sma, row 50 (2020-02-20T00:00:00.000000Z)");
        e.Message.ShouldContain(GoldenFile.UpdateVariable + "=1");
        GoldenFile.Verify(new ProbePlugin(), Bars, Path_, new ConformanceOptions { Relative = 1e-5 }).ShouldBe(GoldenOutcome.Matched);
    }

    [Fact]
    public void The_update_variable_rewrites_a_stale_golden_file()
    {
        WriteGolden();
        var other = new Dictionary<string, object?> { ["period"] = 5L };
        Should.Throw<ConformanceException>(() => GoldenFile.Verify(new ProbePlugin(), Bars, Path_, new ConformanceOptions { Parameters = other }));
        Environment.SetEnvironmentVariable(GoldenFile.UpdateVariable, "1");
        GoldenFile.Verify(new ProbePlugin(), Bars, Path_, new ConformanceOptions { Parameters = other }).ShouldBe(GoldenOutcome.Updated);
        Environment.SetEnvironmentVariable(GoldenFile.UpdateVariable, null);
        GoldenFile.Verify(new ProbePlugin(), Bars, Path_, new ConformanceOptions { Parameters = other }).ShouldBe(GoldenOutcome.Matched);
    }
}
