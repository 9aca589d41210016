using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Features.Benchmarks;

/// <summary>A summary column computed from a benchmark's report; blank where it does not apply.</summary>
public sealed class DerivedColumn(string name, string legend, Func<Summary, BenchmarkCase, string?> value) : IColumn
{
    public string Id => nameof(DerivedColumn) + "." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(summary, benchmarkCase) ?? "-";
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>The figures BENCHMARKS.md reports: bars/s, speed against the EMA loop, bytes/bar, Parquet size and MB/s.</summary>
public static class Columns
{
    public static readonly IColumn BarsPerSecond = new DerivedColumn("M bars/s", "Millions of bars per second (1e3 / Mean in ns/bar)",
        (summary, c) => Mean(summary, c) is { } ns && IsKernel(c) ? (1e3 / ns).ToString("F1") : null);

    public static readonly IColumn SpeedVsBaseline = new DerivedColumn("x EMA loop", "Throughput as a fraction of the plain EMA loop measured in the same group (1/Ratio)",
        (summary, c) =>
        {
            if (!IsKernel(c) || Mean(summary, c) is not { } ns) return null;
            var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(c));
            return baseline is not null && Mean(summary, baseline) is { } b ? (b / ns).ToString("F3") : null;
        });

    public static readonly IColumn BytesPerBar = new DerivedColumn("B/bar", "Bytes allocated per bar (total allocated / bars)",
        (summary, c) =>
        {
            var report = summary[c];
            if (!IsKernel(c) || report is null || report.GcStats.TotalOperations == 0) return null;
            return report.GcStats.GetTotalAllocatedBytes(true) is { } bytes ? ((double)bytes / report.GcStats.TotalOperations).ToString("F3") : null;
        });

    public static readonly IColumn FileSize = new DerivedColumn("File MB", "Size of the Parquet file, 1e6 bytes",
        (summary, c) => Parquet(c) is { } p ? (ParquetBenchmarks.FileSize(p.Codec, p.Dictionary) / 1e6).ToString("F2") : null);

    public static readonly IColumn WriteSpeed = new DerivedColumn("MB/s", "Arrow value bytes written per second (32 MB per run / Mean)",
        (summary, c) => Parquet(c) is not null && Mean(summary, c) is { } ns ? (ParquetBenchmarks.ArrowBytes / (ns / 1e9) / 1e6).ToString("F0") : null);

    private static bool IsKernel(BenchmarkCase c) => typeof(KernelBenchmarks).IsAssignableFrom(c.Descriptor.Type);

    private static double? Mean(Summary summary, BenchmarkCase c) => summary[c]?.ResultStatistics?.Mean;

    private static (ParquetSharp.Compression Codec, bool Dictionary)? Parquet(BenchmarkCase c) =>
        c.Descriptor.Type == typeof(ParquetBenchmarks)
            ? ((ParquetSharp.Compression)c.Parameters[nameof(ParquetBenchmarks.Codec)]!, (bool)c.Parameters[nameof(ParquetBenchmarks.Dictionary)]!)
            : null;
}
