using System.Collections.Concurrent;
using Apache.Arrow;
using Apache.Arrow.Types;
using BenchmarkDotNet.Attributes;
using Features.PluginSdk;
using ParquetSharp;

namespace Features.Benchmarks;

/// <summary>
/// Writes a 1,000,000-row indicator-like dataset (timestamp + 3 nullable float64 columns) through
/// ParquetSharp's Arrow FileWriter per codec, with dictionary encoding on and off.
/// </summary>
[MemoryDiagnoser]
public class ParquetBenchmarks
{
    public const int Rows = 1_000_000;
    /// <summary>The row-group size the host uses (<c>ParquetDatasetWriter.RowGroupRows</c>).</summary>
    public const int RowGroupRows = Features.Host.Generation.ParquetDatasetWriter.RowGroupRows;

    public static readonly Compression[] Codecs = [Compression.Uncompressed, Compression.Snappy, Compression.Zstd];

    private static readonly ConcurrentDictionary<(Compression, bool), long> Sizes = new();
    private static RecordBatch[]? _dataset;
    private string _path = "";

    [ParamsSource(nameof(CodecValues))]
    public Compression Codec { get; set; }

    [Params(false, true)]
    public bool Dictionary { get; set; }

    public static IEnumerable<Compression> CodecValues() => Codecs;

    /// <summary>Bytes of Arrow value buffers written per run (timestamps and three float64 columns).</summary>
    public static long ArrowBytes => Rows * 4L * sizeof(double);

    [GlobalSetup]
    public void Setup()
    {
        _dataset ??= Dataset(Rows);
        _path = Path.Combine(Path.GetTempPath(), $"features-bench-{Environment.ProcessId}-{Codec}-{Dictionary}.parquet");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public long Write()
    {
        Write(_path, _dataset!, Codec, Dictionary, RowGroupRows);
        return new FileInfo(_path).Length;
    }

    /// <summary>The file size of one configuration (written once, then cached), for the summary column.</summary>
    public static long FileSize(Compression codec, bool dictionary) => Sizes.GetOrAdd((codec, dictionary), key =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"features-bench-size-{Environment.ProcessId}-{key.Item1}-{key.Item2}.parquet");
        try
        {
            Write(path, _dataset ??= Dataset(Rows), key.Item1, key.Item2, RowGroupRows);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(path);
        }
    });

    public static void Write(string path, RecordBatch[] batches, Compression codec, bool dictionary, int rowGroupRows)
    {
        var builder = new WriterPropertiesBuilder().Compression(codec).MaxRowGroupLength(rowGroupRows);
        builder = dictionary ? builder.EnableDictionary() : builder.DisableDictionary();
        using var properties = builder.Build();
        using var arrowProperties = new ParquetSharp.Arrow.ArrowWriterPropertiesBuilder().StoreSchema().Build();
        using var writer = new ParquetSharp.Arrow.FileWriter(path, batches[0].Schema, properties, arrowProperties);
        foreach (var batch in batches)
        {
            writer.WriteBufferedRecordBatch(batch);
        }
        // Explicit: the writer's Dispose swallows native errors.
        writer.Close();
    }

    /// <summary>
    /// timestamp, sma (20-bar mean of the close), roc (10-bar rate of change) and zscore (close against
    /// the 20-bar mean and deviation): null in the warm-up and on every 997th bar, like a feature with gaps.
    /// </summary>
    public static RecordBatch[] Dataset(int rows)
    {
        var bars = SyntheticBars.Create(rows);
        var close = bars.Close;
        var schema = new Schema.Builder()
            .Field(f => f.Name("timestamp").DataType(BarSchema.TimestampType).Nullable(false))
            .Field(f => f.Name("sma").DataType(DoubleType.Default).Nullable(true))
            .Field(f => f.Name("roc").DataType(DoubleType.Default).Nullable(true))
            .Field(f => f.Name("zscore").DataType(DoubleType.Default).Nullable(true))
            .Build();
        var batches = new List<RecordBatch>();
        var offset = 0;
        foreach (var input in bars.Batches)
        {
            var n = input.Length;
            var sma = new DoubleArray.Builder().Reserve(n);
            var roc = new DoubleArray.Builder().Reserve(n);
            var z = new DoubleArray.Builder().Reserve(n);
            for (var j = 0; j < n; j++)
            {
                var i = offset + j;
                var gap = i % 997 == 996;
                if (i < 19 || gap)
                {
                    sma.AppendNull();
                    z.AppendNull();
                }
                else
                {
                    var window = close.AsSpan(i - 19, 20);
                    var mean = 0.0;
                    foreach (var v in window) mean += v;
                    mean /= 20;
                    var squares = 0.0;
                    foreach (var v in window) squares += (v - mean) * (v - mean);
                    var sd = Math.Sqrt(squares / 20);
                    sma.Append(mean);
                    if (sd == 0) z.AppendNull(); else z.Append((close[i] - mean) / sd);
                }
                if (i < 10 || gap) roc.AppendNull(); else roc.Append(close[i] / close[i - 10] - 1);
            }
            batches.Add(new RecordBatch(schema, [input.Column(0), sma.Build(), roc.Build(), z.Build()], n));
            offset += n;
        }
        return [.. batches];
    }
}
