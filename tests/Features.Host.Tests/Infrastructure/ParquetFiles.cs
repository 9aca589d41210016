using Apache.Arrow;

namespace Features.Host.Tests.Infrastructure;

/// <summary>Reads a downloaded Parquet file with ParquetSharp, independently of the host's own reader.</summary>
public static class ParquetFiles
{
    /// <summary>Column name to values: timestamps as UTC DateTime, numbers and booleans (1/0) as double, strings as string, null kept.</summary>
    public static Dictionary<string, List<object?>> Read(byte[] bytes) => Read(bytes, out _);

    public static Dictionary<string, List<object?>> Read(byte[] bytes, out IReadOnlyDictionary<string, string> metadata)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dl-{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var file = new ParquetSharp.Arrow.FileReader(path);
            metadata = file.ParquetReader.FileMetaData.KeyValueMetadata;
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
            return columns;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
