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
    /// Properties for files of <paramref name="rowGroupRows"/>-row groups compressed with our codec, dictionary pages
    /// off for <paramref name="plainColumns"/> (or for every column when null). Shared: never dispose the result.
    /// </summary>
    public static ParquetSharp.WriterProperties Properties(int rowGroupRows, IReadOnlyCollection<string>? plainColumns)
    {
        var key = rowGroupRows + "|" + (plainColumns is null ? "*" : string.Join('\u001f', plainColumns));
        if (Kept.TryGetValue(key, out var kept)) return kept;
        var built = Build(rowGroupRows, plainColumns);
        if (Kept.Count >= KeptLayouts) return built; // left to the finalizer: rare by construction
        return Kept.TryAdd(key, built) ? built : DisposeAndGet(built, key);
    }

    private static ParquetSharp.WriterProperties DisposeAndGet(ParquetSharp.WriterProperties built, string key)
    {
        built.Dispose();
        return Kept[key];
    }

    private static ParquetSharp.WriterProperties Build(int rowGroupRows, IReadOnlyCollection<string>? plainColumns)
    {
        using var builder = new ParquetSharp.WriterPropertiesBuilder();
        builder.Compression(ParquetDatasetWriter.Codec).MaxRowGroupLength(rowGroupRows).CreatedBy(CreatedBy);
        if (plainColumns is null) builder.DisableDictionary();
        else foreach (var column in plainColumns) builder.DisableDictionary(column);
        return builder.Build();
    }

    private static ParquetSharp.Arrow.ArrowWriterProperties BuildArrowProperties(bool threads)
    {
        using var builder = new ParquetSharp.Arrow.ArrowWriterPropertiesBuilder();
        return builder.StoreSchema().UseThreads(threads).Build();
    }
}
