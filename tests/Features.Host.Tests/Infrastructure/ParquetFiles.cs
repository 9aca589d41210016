using Apache.Arrow;
using Apache.Arrow.Types;
using Features.PluginSdk;

namespace Features.Host.Tests.Infrastructure;

/// <summary>Reads a downloaded Parquet file with ParquetSharp, independently of the host's own reader; writes bars to upload.</summary>
public static class ParquetFiles
{
    /// <summary>The bytes of a Parquet file of <paramref name="bars"/>: timestamp[ms, UTC], float64 prices, int64 volume.</summary>
    public static byte[] Bars(IReadOnlyList<Bar> bars)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bars-{Guid.NewGuid():N}.parquet");
        try
        {
            var schema = new Schema.Builder()
                .Field(f => f.Name("timestamp").DataType(new TimestampType(TimeUnit.Millisecond, "UTC")).Nullable(false))
                .Field(f => f.Name("open").DataType(DoubleType.Default)).Field(f => f.Name("high").DataType(DoubleType.Default))
                .Field(f => f.Name("low").DataType(DoubleType.Default)).Field(f => f.Name("close").DataType(DoubleType.Default))
                .Field(f => f.Name("volume").DataType(Int64Type.Default))
                .Build();
            var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Millisecond, "UTC"));
            DoubleArray Col(Func<Bar, double> f) => new DoubleArray.Builder().AppendRange(bars.Select(f)).Build();
            foreach (var b in bars) ts.Append(DateTimeOffset.UnixEpoch.AddTicks(b.Timestamp * 10));
            using var batch = new RecordBatch(schema, [ts.Build(), Col(b => b.Open), Col(b => b.High), Col(b => b.Low), Col(b => b.Close),
                new Int64Array.Builder().AppendRange(bars.Select(b => (long)b.Volume)).Build()], bars.Count);
            using (var writer = new ParquetSharp.Arrow.FileWriter(path, schema))
            {
                writer.WriteRecordBatch(batch);
                writer.Close();
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Column name to values: timestamps as UTC DateTime, numbers and booleans (1/0) as double, strings as string, null kept.</summary>
    public static Dictionary<string, List<object?>> Read(byte[] bytes) => Read(bytes, out _);

    public static Dictionary<string, List<object?>> Read(byte[] bytes, out IReadOnlyDictionary<string, string> metadata)
    {
        (var read, metadata) = OnDisk(bytes, path =>
        {
            using var file = new ParquetSharp.Arrow.FileReader(path);
            var columns = file.Schema.FieldsList.ToDictionary(f => f.Name, _ => new List<object?>());
            using var reader = file.GetRecordBatchReader();
            while (reader.ReadNextRecordBatchAsync().AsTask().Result is { } batch)
            {
                using (batch)
                {
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        var list = columns[batch.Schema.GetFieldByIndex(c).Name];
                        var array = batch.Column(c);
                        for (var i = 0; i < batch.Length; i++)
                        {
                            list.Add(array.IsNull(i) ? null : array switch
                            {
                                TimestampArray t => t.GetTimestampUnchecked(i).UtcDateTime,
                                DoubleArray d => d.GetValue(i),
                                BooleanArray b => b.GetValue(i)!.Value ? 1.0 : 0.0,
                                Int32Array n => (double)n.GetValue(i)!.Value,
                                StringArray s => s.GetString(i),
                                _ => throw new InvalidOperationException($"unexpected column type {array.GetType().Name}"),
                            });
                        }
                    }
                }
            }
            return (columns, file.ParquetReader.FileMetaData.KeyValueMetadata);
        });
        return read;
    }

    /// <summary>Runs <paramref name="read"/> on <paramref name="bytes"/> saved to a temporary file (readers open files by path), then deletes it.</summary>
    public static T OnDisk<T>(byte[] bytes, Func<string, T> read)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dl-{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, bytes);
        try
        {
            return read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
