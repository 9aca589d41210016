using System.Diagnostics;

namespace Features.Benchmarks;

/// <summary>
/// The CI check: every kernel (and automated.alpha158) once over 100k bars and one Parquet write per codec, without
/// BenchmarkDotNet. Fails (exit 1) when a kernel throws or returns the wrong number of rows.
/// </summary>
public static class Smoke
{
    public const int Bars = 100_000;

    public static int Run()
    {
        var bars = SyntheticBars.Create(Bars);
        var failures = 0;
        foreach (var key in Plugins.KernelKeys().Append(Alpha158Benchmarks.Key))
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var rows = KernelBenchmarks.Run(Plugins.Get(key), bars.Batches);
                watch.Stop();
                if (rows != Bars) throw new InvalidOperationException($"{rows} rows for {Bars} bars");
                Console.WriteLine($"{key,-40} {Bars / watch.Elapsed.TotalSeconds / 1e6,10:F2} M bars/s");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{key,-40} FAILED: {e.GetType().Name}: {e.Message}");
            }
        }
        foreach (var codec in ParquetBenchmarks.Codecs)
        {
            var path = Path.Combine(Path.GetTempPath(), $"features-smoke-{Environment.ProcessId}-{codec}.parquet");
            try
            {
                var watch = Stopwatch.StartNew();
                ParquetBenchmarks.Write(path, ParquetBenchmarks.Dataset(Bars), codec, dictionary: false, ParquetBenchmarks.RowGroupRows);
                Console.WriteLine($"parquet {codec,-32} {new FileInfo(path).Length / 1e6,10:F2} MB in {watch.Elapsed.TotalMilliseconds:F0} ms");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"parquet {codec,-32} FAILED: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                File.Delete(path);
            }
        }
        Console.WriteLine(failures == 0 ? "smoke: ok" : $"smoke: {failures} failures");
        return failures == 0 ? 0 : 1;
    }
}
