using System.Collections.Concurrent;

namespace Features.Host.Generation;

/// <summary>
/// The native writer properties our Parquet writers use, built once and shared: they are immutable, and building
/// them per file (builders left to the finalizer included) cost a job as much CPU as encoding its small files.
/// </summary>
public static class ParquetWriterSetup
{
    private const string CreatedBy = "Features feature store";
    // Layouts are few (one per plugin output shape); past this many, properties are built per file and disposed.
    private const int KeptLayouts = 512;
    private static readonly ConcurrentDictionary<string, ParquetSharp.WriterProperties> Kept = new(StringComparer.Ordinal);

    /// <summary>Arrow's schema stored in the file, so readers get the exact Arrow types back.</summary>
    public static ParquetSharp.Arrow.ArrowWriterProperties ArrowProperties { get; } = BuildArrowProperties(threads: false);

    /// <summary>
    /// The same, with a row group's columns encoded and compressed side by side on Arrow's CPU pool: for one large file
    /// written alone (a training set), not for the many small files a job writes at once. The bytes are the same.
    /// </summary>
    public static ParquetSharp.Arrow.ArrowWriterProperties ThreadedArrowProperties { get; } = BuildArrowProperties(threads: true);

    /// <summary>
    /// Properties for files of <paramref name="schema"/> in <paramref name="rowGroupRows"/>-row groups, compressed with
    /// our codec. Dictionary pages are off for timestamp and float64 columns (distinct values never fill a useful
    /// dictionary: larger files, 2-3x slower writes, docs/BENCHMARKS.md "Parquet") and, with
    /// <paramref name="allPlain"/>, for every column; they stay on for the others (symbols, flags, categories), where
    /// values repeat. Timestamp columns are DELTA_BINARY_PACKED: bar times step by a few distinct intervals, so the
    /// packed deltas compress to almost nothing, where plain int64 microseconds stayed ~6 of every 8 bytes under zstd
    /// (a daily dataset's timestamps: 22 KB plain, under 1 KB delta-packed). Shared: never dispose the result.
    /// </summary>
    public static ParquetSharp.WriterProperties Properties(int rowGroupRows, Apache.Arrow.Schema schema, bool allPlain = false)
    {
        var times = schema.FieldsList.Where(f => f.DataType is Apache.Arrow.Types.TimestampType).Select(f => f.Name).ToList();
        var plain = allPlain ? null : schema.FieldsList.Where(f => f.DataType is Apache.Arrow.Types.TimestampType or Apache.Arrow.Types.DoubleType).Select(f => f.Name).ToList();
        var key = rowGroupRows + "|" + string.Join('\u001f', times) + "|" + (plain is null ? "*" : string.Join('\u001f', plain));
        if (Kept.TryGetValue(key, out var kept)) return kept;
        var built = Build(rowGroupRows, times, plain);
        if (Kept.Count >= KeptLayouts) return built; // left to the finalizer: rare by construction
        return Kept.TryAdd(key, built) ? built : DisposeAndGet(built, key);
    }

    private static ParquetSharp.WriterProperties DisposeAndGet(ParquetSharp.WriterProperties built, string key)
    {
        built.Dispose();
        return Kept[key];
    }

    private static ParquetSharp.WriterProperties Build(int rowGroupRows, IReadOnlyList<string> times, IReadOnlyList<string>? plain)
    {
        using var builder = new ParquetSharp.WriterPropertiesBuilder();
        builder.Compression(ParquetDatasetWriter.Codec).MaxRowGroupLength(rowGroupRows).CreatedBy(CreatedBy);
        if (plain is null) builder.DisableDictionary();
        else foreach (var column in plain) builder.DisableDictionary(column);
        foreach (var column in times) builder.Encoding(column, ParquetSharp.Encoding.DeltaBinaryPacked);
        return builder.Build();
    }

    private static ParquetSharp.Arrow.ArrowWriterProperties BuildArrowProperties(bool threads)
    {
        using var builder = new ParquetSharp.Arrow.ArrowWriterPropertiesBuilder();
        return builder.StoreSchema().UseThreads(threads).Build();
    }
}
