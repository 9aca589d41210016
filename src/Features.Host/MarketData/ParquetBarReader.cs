using Apache.Arrow;
using Apache.Arrow.Types;
using Features.PluginSdk;

namespace Features.Host.MarketData;

/// <summary>
/// Reads bars from a Parquet file with a <c>timestamp</c> (or <c>date</c>) column — Arrow timestamp of any
/// unit (no zone means UTC), date32/date64, or ISO text — and numeric <c>open,high,low,close,volume</c>
/// columns (or <c>value</c> alone). "Line" numbers in errors are 1-based row numbers.
/// </summary>
public static class ParquetBarReader
{
    /// <summary>Reads the file batch by batch, yielding validated batches sorted by timestamp (see <see cref="UploadBatcher"/>).</summary>
    public static IEnumerable<BarBlock> Read(string path, UploadBatcher batcher)
    {
        using var file = Open(path);
        var schema = file.Schema;
        int Find(params string[] names) => names.Select(n => schema.FieldsList.ToList().FindIndex(f => string.Equals(f.Name, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, -1);
        var time = Find("timestamp", "date", "datetime", "time");
        if (time < 0) throw new BarFileException(0, "timestamp", "no timestamp or date column in the Parquet schema");
        var value = Find("value");
        int open = Find("open"), high = Find("high"), low = Find("low"), close = Find("close"), volume = Find("volume");
        var scalar = value >= 0 && open < 0 && close < 0;
        if (!scalar)
        {
            var missing = new[] { ("open", open), ("high", high), ("low", low), ("close", close), ("volume", volume) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
            if (missing.Count > 0) throw new BarFileException(0, missing[0], $"missing column(s) {string.Join(", ", missing)} in the Parquet schema");
        }

        using var reader = file.GetRecordBatchReader();
        var row = 0;
        while (Next(reader) is { } batch)
        {
            using (batch)
            {
                var zoneless = false;
                for (var i = 0; i < batch.Length; i++)
                {
                    row++;
                    var ts = Timestamp(batch.Column(time), schema.GetFieldByIndex(time), i, row, ref zoneless);
                    BarBlock? full;
                    if (scalar)
                    {
                        var v = Number(batch.Column(value), i, row, "value");
                        full = batcher.Add(ts, v, v, v, v, 0, row);
                    }
                    else
                    {
                        full = batcher.Add(ts, Number(batch.Column(open), i, row, "open"), Number(batch.Column(high), i, row, "high"),
                            Number(batch.Column(low), i, row, "low"), Number(batch.Column(close), i, row, "close"), Number(batch.Column(volume), i, row, "volume"), row);
                    }
                    batcher.Zoneless |= zoneless;
                    if (full is not null) yield return full;
                }
            }
        }
        if (batcher.Finish("the Parquet file has no rows") is { } last) yield return last;
    }

    private static ParquetSharp.Arrow.FileReader Open(string path)
    {
        try
        {
            return new ParquetSharp.Arrow.FileReader(path);
        }
        catch (ParquetSharp.ParquetException e)
        {
            throw new BarFileException(0, "file", $"not a readable Parquet file: {e.Message}");
        }
    }

    private static RecordBatch? Next(Apache.Arrow.Ipc.IArrowArrayStream reader)
    {
        try
        {
            return reader.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (ParquetSharp.ParquetException e)
        {
            throw new BarFileException(0, "file", $"not a readable Parquet file: {e.Message}");
        }
    }

    private static long Timestamp(IArrowArray array, Field field, int i, int row, ref bool zoneless)
    {
        if (array.IsNull(i)) throw new BarFileException(row, field.Name, $"{field.Name} is null");
        switch (array)
        {
            case TimestampArray t:
            {
                var type = (TimestampType)t.Data.DataType;
                zoneless |= string.IsNullOrEmpty(type.Timezone);
                return (t.GetTimestampUnchecked(i).UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
            }
            case Date32Array d:
                return (d.GetDateTime(i)!.Value.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            case Date64Array d:
                return (d.GetDateTime(i)!.Value.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            case StringArray s:
                return CsvBarReader.ParseTime(s.GetString(i), row, field.Name, ref zoneless);
            default:
                throw new BarFileException(row, field.Name, $"{field.Name} has type {field.DataType.Name}; expected a timestamp, date or ISO string");
        }
    }

    private static double Number(IArrowArray array, int i, int row, string name)
    {
        if (array.IsNull(i)) throw new BarFileException(row, name, $"{name} is null");
        double v = array switch
        {
            DoubleArray a => a.GetValue(i)!.Value,
            FloatArray a => a.GetValue(i)!.Value,
            Int64Array a => a.GetValue(i)!.Value,
            Int32Array a => a.GetValue(i)!.Value,
            Decimal128Array a => (double)a.GetValue(i)!.Value,
            _ => throw new BarFileException(row, name, $"{name} has type {array.Data.DataType.Name}; expected a number"),
        };
        if (!double.IsFinite(v)) throw new BarFileException(row, name, $"{name} is not finite");
        return v;
    }
}
