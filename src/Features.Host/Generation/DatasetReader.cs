using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Features.Host.Errors;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;

namespace Features.Host.Generation;

/// <summary>Fetches a stored dataset, checks it against the checksum recorded at write, and renders it.</summary>
public sealed class DatasetReader(IObjectStore objects, FeaturesPaths paths)
{
    /// <summary>Copies the object to a local temporary file and verifies its SHA-256; the caller deletes the file.</summary>
    public async Task<string> FetchVerifiedAsync(FeatureDataset dataset, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.TempDirectory);
        var file = Path.Combine(paths.TempDirectory, $"dl-{Guid.NewGuid():N}.parquet");
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            InvalidDataException? corrupt = null;
            await using (var source = await objects.OpenReadAsync(dataset.ObjectKey, ct))
            await using (var target = File.Create(file))
            {
                var buffer = new byte[1 << 16];
                int read;
                try
                {
                    while ((read = await source.ReadAsync(buffer, ct)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    }
                }
                catch (InvalidDataException e)
                {
                    corrupt = e;
                }
            }
            var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (corrupt is not null) actual = "store-checksum-mismatch";
            if (actual != dataset.ObjectSha256)
            {
                throw new ProblemException(500, "Corrupted dataset",
                    $"the stored object {dataset.StorageUri} does not match the checksum recorded when it was written (expected {dataset.ObjectSha256[..16]}..., found {actual[..16]}...); POST .../regenerate with the same range repairs it");
            }
            return file;
        }
        catch (ObjectNotFoundException)
        {
            File.Delete(file);
            throw new ProblemException(500, "Missing dataset object",
                $"the object {dataset.StorageUri} recorded for this dataset is missing from the object store; POST .../regenerate with the same range repairs it");
        }
        catch
        {
            if (File.Exists(file)) File.Delete(file);
            throw;
        }
    }

    public static async Task WriteCsvAsync(string parquetFile, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16);
        using var file = new ParquetSharp.Arrow.FileReader(parquetFile);
        await writer.WriteLineAsync(string.Join(',', file.Schema.FieldsList.Select(f => f.Name)));
        using var reader = file.GetRecordBatchReader();
        var line = new StringBuilder();
        while (await reader.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    line.Clear();
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        if (c > 0) line.Append(',');
                        line.Append(Text(batch.Column(c), i));
                    }
                    await writer.WriteLineAsync(line, ct);
                }
            }
        }
    }

    public static async Task WriteJsonAsync(string parquetFile, Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output);
        using var file = new ParquetSharp.Arrow.FileReader(parquetFile);
        var names = file.Schema.FieldsList.Select(f => f.Name).ToArray();
        using var reader = file.GetRecordBatchReader();
        json.WriteStartArray();
        while (await reader.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    json.WriteStartObject();
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        json.WritePropertyName(names[c]);
                        var array = batch.Column(c);
                        if (array.IsNull(i)) json.WriteNullValue();
                        else switch (array)
                        {
                            case TimestampArray t: json.WriteStringValue(Timestamp(t, i)); break;
                            case DoubleArray d: json.WriteNumberValue(d.GetValue(i)!.Value); break;
                            case BooleanArray b: json.WriteBooleanValue(b.GetValue(i)!.Value); break;
                            case Int32Array n: json.WriteNumberValue(n.GetValue(i)!.Value); break;
                            case StringArray s: json.WriteStringValue(s.GetString(i)); break;
                            default: json.WriteNullValue(); break;
                        }
                    }
                    json.WriteEndObject();
                }
                await json.FlushAsync(ct);
            }
        }
        json.WriteEndArray();
        await json.FlushAsync(ct);
    }

    private static string Text(IArrowArray array, int i)
    {
        if (array.IsNull(i)) return "";
        return array switch
        {
            TimestampArray t => Timestamp(t, i),
            DoubleArray d => d.GetValue(i)!.Value.ToString("R", CultureInfo.InvariantCulture),
            BooleanArray b => b.GetValue(i)!.Value ? "true" : "false",
            Int32Array n => n.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            StringArray s => Quote(s.GetString(i)),
            _ => "",
        };
    }

    private static string Timestamp(TimestampArray t, int i) =>
        t.GetTimestampUnchecked(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
